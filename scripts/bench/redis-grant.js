export async function benchGrant() {}
