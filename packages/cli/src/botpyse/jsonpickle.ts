/** A Python object restored from jsonpickle's `{"py/object": "module.Class", ...}`: its class name and attributes. */
export class PyObject {
  constructor(
    readonly className: string,
    readonly attributes: Record<string, unknown>,
  ) {}
}

/** The data is not something this reader can restore (unknown tag, bad back-reference, …). */
export class JsonpickleError extends Error {
  readonly code = 'JSONPICKLE';
  constructor(message: string) {
    super(message);
    this.name = 'JsonpickleError';
  }
}

/** A `py/id` pointing past the objects restored so far (jsonpickle's `_IDProxy`), resolved at the end. */
class Forward {
  constructor(readonly index: number) {}
}

const SUPPORTED_TAGS = new Set(['py/object', 'py/id', 'py/tuple', 'py/set', 'py/state', 'py/seq']);

/**
 * Restores jsonpickle's encoding of plain data and objects the way jsonpickle's Unpickler does
 * (`jsonpickle/unpickler.py`): every list, dict and `py/object` gets the next slot of the object
 * table *before* its children are restored (lists, dicts: `_mkref`; objects: a proxy first), and
 * `{"py/id": N}` is the object in slot N of that table (0-based, `self._objs[idx]`); an index not
 * restored yet is a forward reference resolved once everything is read. Tuples and sets take no
 * slot. Classes are not loaded: an object becomes a `PyObject` (class name + attributes).
 * Anything else (`py/reduce`, `py/function`, `py/repr`, bytes, …) is refused with a JsonpickleError:
 * a BotpySE data file never holds one.
 */
export function decodeJsonpickle(data: unknown): unknown {
  const objs: unknown[] = [];
  const forwards: { holder: Record<string, unknown> | unknown[]; key: string | number; ref: Forward }[] = [];

  const hold = (holder: Record<string, unknown> | unknown[], key: string | number, value: unknown): void => {
    if (value instanceof Forward) forwards.push({ holder, key, ref: value });
    (holder as Record<string | number, unknown>)[key] = value;
  };

  const restoreDictInto = (src: Record<string, unknown>, into: Record<string, unknown>, where: string): void => {
    for (const [k, v] of Object.entries(src)) {
      if (k.startsWith('py/')) continue;
      hold(into, k, restore(v, `${where}/${k}`));
    }
  };

  const restore = (v: unknown, where: string): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      objs.push(out);
      v.forEach((item, i) => hold(out, i, restore(item, `${where}/${i}`)));
      return out;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    // JavaScript orders integer-like keys first, Python keeps them as written: slots could differ
    if (keys.some((k) => /^(0|[1-9]\d*)$/.test(k))) throw new JsonpickleError(`${where}: a dict with numeric keys cannot be restored in jsonpickle's order`);
    const tags = keys.filter((k) => k.startsWith('py/'));
    for (const t of tags) if (!SUPPORTED_TAGS.has(t)) throw new JsonpickleError(`${where}: unsupported jsonpickle tag "${t}"`);
    if ('py/id' in o) {
      const idx = o['py/id'];
      if (!Number.isInteger(idx) || (idx as number) < 0) throw new JsonpickleError(`${where}: "py/id" must be a non-negative integer`);
      return (idx as number) < objs.length ? objs[idx as number] : new Forward(idx as number);
    }
    if ('py/tuple' in o || 'py/set' in o) {
      const items = o['py/tuple'] ?? o['py/set'];
      if (!Array.isArray(items)) throw new JsonpickleError(`${where}: a tuple/set must hold a list`);
      const out: unknown[] = [];
      items.forEach((item, i) => hold(out, i, restore(item, `${where}/${i}`)));
      return out;
    }
    if ('py/object' in o) {
      const className = o['py/object'];
      if (typeof className !== 'string' || !className) throw new JsonpickleError(`${where}: "py/object" must name a class`);
      const attrs: Record<string, unknown> = {};
      const obj = new PyObject(className, attrs);
      objs.push(obj);
      restoreDictInto(o, attrs, where);
      if ('py/seq' in o) {
        if (!Array.isArray(o['py/seq'])) throw new JsonpickleError(`${where}: "py/seq" must be a list`);
        const seq: unknown[] = [];
        (o['py/seq'] as unknown[]).forEach((item, i) => hold(seq, i, restore(item, `${where}/py/seq/${i}`)));
        attrs['py/seq'] = seq;
      }
      if ('py/state' in o) {
        const state = restore(o['py/state'], `${where}/py/state`);
        if (state && typeof state === 'object' && !Array.isArray(state)) Object.assign(attrs, state);
        else throw new JsonpickleError(`${where}: only a dict "py/state" is supported`);
      }
      return obj;
    }
    if (tags.length > 0) throw new JsonpickleError(`${where}: "${tags[0]}" is only valid inside an object`);
    const out: Record<string, unknown> = {};
    objs.push(out);
    restoreDictInto(o, out, where);
    return out;
  };

  const value = restore(data, '');
  for (const f of forwards) {
    if (f.ref.index >= objs.length) throw new JsonpickleError(`"py/id": ${f.ref.index} points past the ${objs.length} objects of the data`);
    (f.holder as Record<string | number, unknown>)[f.key] = objs[f.ref.index];
  }
  return value;
}
