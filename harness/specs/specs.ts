// The loaded specs: the data files checked against their schemas. The validators are the build's
// (specs/precompiled.ts); without them each schema compiles once, when first used.
import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import semver from 'semver';
import { HarnessError } from '../errors.js';
import { readSpecFiles, SPECS_BASE_URI, type SpecFiles } from './read.js';
import { envelopeHasErrorCode, historyEntryFor } from './version-history.js';
import type { Deviation, MethodArgument, MethodSpec, ProtocolVersionSpec, TransportSpec, Validation, VersionHistory } from './types.js';
import { makeAjv, runValidator } from './validation.js';
import { loadPrecompiled } from './precompiled.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const UINT32_MAX = 0xffff_ffff;

/** The protocol's data and validators. Build it with {@link loadSpecs}. */
export class Specs {
  /** The method table, in manual order. */
  readonly methods: readonly MethodSpec[];
  /** Protocol versions (oldest first) and the skopeo release map. */
  readonly versions: VersionHistory;
  /** Known differences between the manual and real skopeo. */
  readonly deviations: readonly Deviation[];
  /** The image transports, by OpenImage prefix. */
  readonly transports: readonly TransportSpec[];

  /** The compiler of validators the build did not precompile, made when the first one is needed. */
  private compiler: ReturnType<typeof makeAjv> | undefined;
  private argsRegistered = false;
  private readonly schemas: readonly AnySchemaObject[];
  private readonly validators: Map<string, ValidateFunction>;
  private readonly schemasById: Map<string, AnySchemaObject>;
  private readonly byName: Map<string, MethodSpec>;

  /** `precompiled: false` compiles every validator, as when the build's are missing or stale. */
  constructor(files: SpecFiles, { precompiled = true }: { precompiled?: boolean } = {}) {
    this.schemas = files.schemas;
    this.schemasById = new Map(files.schemas.map((s) => [idOf(s), s]));
    // The build's validators of these very files; without them, each compiles on first use.
    this.validators = (precompiled ? loadPrecompiled(files) : null) ?? new Map();

    this.methods = this.checkData<{ methods: MethodSpec[] }>('methods', files.methods).methods;
    this.versions = this.checkData<VersionHistory>('versions', files.versions);
    this.deviations = this.checkData<{ deviations: Deviation[] }>('deviations', files.deviations).deviations;
    this.transports = this.checkData<{ transports: TransportSpec[] }>('transports', files.transports).transports;
    this.byName = new Map(this.methods.map((m) => [m.name, m]));
  }

  /** Compiles every schema, reference and argument list now: a schema that does not compile fails here, not in some run that first uses it. */
  compileAll(): void {
    for (const uri of this.validatorUris()) this.validator(uri);
  }

  /** Every validator a run may use, by the URI it is looked up under (what the build precompiles). */
  validatorUris(): string[] {
    const refs = [
      ...this.schemasById.keys(),
      ...this.methods.flatMap((m) => [m.value, ...(m.payload?.schema !== undefined ? [m.payload.schema] : [])]),
      ...this.versions.protocol.map((v) => v.reply),
      ...this.methods.map((m) => argsUri(m.name)),
    ];
    return [...new Set(refs.map(resolveRef))];
  }

  /** The method table row for `name`, or undefined for a name the protocol does not define. */
  methodByName(name: string): MethodSpec | undefined {
    return this.byName.get(name);
  }

  /** The deviation with this id, or undefined. */
  deviationById(id: string): Deviation | undefined {
    return this.deviations.find((d) => d.id === id);
  }

  /** Checks a request: the envelope, a method the table knows, and arguments of the listed count and types. */
  validateRequest(json: unknown): Validation {
    const envelope = this.run('schemas/request.schema.json', json);
    if (!envelope.ok) return envelope;
    const { method, args } = json as { method: string; args: unknown[] };
    const validate = this.argsValidator(method);
    if (validate === undefined) return { ok: false, errors: [`$.method is not a protocol method (${JSON.stringify(method)})`] };
    const result = runValidator(validate, args);
    return result.ok ? result : { ok: false, errors: result.errors.map((e) => e.replace(/^\$/, '$.args')) };
  }

  /** Checks a reply envelope against the shape `protocolVersion` uses (error_code from 0.2.8). */
  validateReply(json: unknown, protocolVersion: string): Validation {
    return this.run(this.versionEntry(protocolVersion).reply, json);
  }

  /** Checks the `value` of a successful reply to `method`. */
  validateValue(method: string, value: unknown): Validation {
    return this.run(this.requireMethod(method).value, value);
  }

  /** Checks a parsed payload (manifest, config, layer info) read from `method`'s pipe. */
  validatePayload(method: string, json: unknown): Validation {
    const schema = this.requireMethod(method).payload?.schema;
    if (schema === undefined) throw new HarnessError('PC_USAGE', `${method} has no JSON payload to validate`);
    return this.run(schema, json);
  }

  /** Checks the object GetRawBlob writes to its error pipe. */
  validateErrorPipeObject(json: unknown): Validation {
    return this.run('schemas/error-pipe.schema.json', json);
  }

  /** Checks a scenario file (specs/scenarios/*.json, or one written by a shrunk property failure). */
  validateScenarioFile(json: unknown): Validation {
    return this.run('scenario.schema.json', json);
  }

  /** Checks a baseline file (specs/expected/*.json). */
  validateBaseline(json: unknown): Validation {
    return this.run('baseline.schema.json', json);
  }

  /** Checks a proxy-conformance.config.json file. */
  validateConfigFile(json: unknown): Validation {
    return this.run('config.schema.json', json);
  }

  /** A results.json (the report document of a run, or of a merge). */
  validateResults(json: unknown): Validation {
    return this.run('results.schema.json', json);
  }

  /** Checks an OCI content descriptor. */
  validateOciDescriptor(json: unknown): Validation {
    return this.run('schemas/oci/descriptor.schema.json', json);
  }

  /** Checks an OCI image manifest. */
  validateOciManifest(json: unknown): Validation {
    return this.run('schemas/oci/image-manifest.schema.json', json);
  }

  /** Checks an OCI image index. */
  validateOciIndex(json: unknown): Validation {
    return this.run('schemas/oci/image-index.schema.json', json);
  }

  /** Checks an OCI image configuration (as GetFullConfig re-serialises it). */
  validateOciConfig(json: unknown): Validation {
    return this.run('schemas/oci/image-config.schema.json', json);
  }

  /** The newest history entry at or below `protocolVersion`; throws on a malformed or pre-0.2.1 version. */
  versionEntry(protocolVersion: string): ProtocolVersionSpec {
    if (semver.valid(protocolVersion) === null) {
      throw new HarnessError('PC_USAGE', `protocol version ${JSON.stringify(protocolVersion)} is not a semantic version`);
    }
    const entry = historyEntryFor(this.versions.protocol, protocolVersion);
    if (entry === undefined) {
      throw new HarnessError('PC_USAGE', `protocol version ${protocolVersion} predates ${this.versions.protocol[0]?.version}`);
    }
    return entry;
  }

  /** True when replies of `protocolVersion` carry `error_code` (its envelope schema requires it); false for a version that is not semver or predates the history. */
  replyHasErrorCode(protocolVersion: string): boolean {
    const entry = historyEntryFor(this.versions.protocol, protocolVersion);
    if (entry === undefined) return false;
    // The schema itself: a precompiled validator does not carry it.
    const uri = resolveRef(entry.reply);
    return envelopeHasErrorCode(this.schemasById.get(uri) ?? this.validator(uri).schema);
  }

  /** The protocol version a skopeo release speaks, or undefined when the map has no range for it. */
  protocolOfSkopeo(release: string): string | undefined {
    return this.versions.skopeo.find((r) => semver.satisfies(release, r.releases))?.protocol;
  }

  private requireMethod(name: string): MethodSpec {
    const method = this.byName.get(name);
    if (method === undefined) throw new HarnessError('PC_USAGE', `unknown method ${JSON.stringify(name)}`);
    return method;
  }

  private run(ref: string, json: unknown): Validation {
    return runValidator(this.validator(ref), json);
  }

  /** The compiled schema at `ref` (relative to specs/, a fragment allowed), compiled on first use. */
  private validator(ref: string): ValidateFunction {
    const uri = resolveRef(ref);
    let validate = this.validators.get(uri);
    if (validate === undefined) {
      validate = compile(this.ajv(), uri);
      this.validators.set(uri, validate);
    }
    return validate;
  }

  /** Every schema and argument list, registered with a compiler made on first use (a run on precompiled validators never needs one). */
  private ajv(): ReturnType<typeof makeAjv> {
    if (this.compiler === undefined) {
      // The shipped schemas: specs.test.ts checks them against the meta-schema.
      this.compiler = makeAjv({ checkSchemas: false });
      for (const schema of this.schemas) this.compiler.addSchema(schema);
    }
    // The argument lists come from the method table, which the constructor checks (with this compiler, when nothing is precompiled) before it is read.
    if (!this.argsRegistered && (this.methods as readonly MethodSpec[] | undefined) !== undefined) {
      for (const schema of argsSchemas(this.methods)) this.compiler.addSchema(schema);
      this.argsRegistered = true;
    }
    return this.compiler;
  }

  /** The validator of `method`'s argument list, or undefined for a name the table lacks. */
  private argsValidator(method: string): ValidateFunction | undefined {
    return this.byName.has(method) ? this.validator(argsUri(method)) : undefined;
  }

  private checkData<T>(name: 'methods' | 'versions' | 'deviations' | 'transports', json: unknown): T {
    const result = this.run(`${name}.schema.json`, json);
    if (!result.ok) throw new HarnessError('PC_INTERNAL', `specs/${name}.json is invalid: ${result.errors.join('; ')}`);
    return json as T;
  }
}

let loaded: Specs | undefined;

/** Reads specs/ once per process (each schema compiles when first used); later calls return the same instance. */
export function loadSpecs(): Specs {
  loaded ??= new Specs(readSpecFiles());
  return loaded;
}

/** A reference relative to specs/ as the absolute URI schemas are registered under. */
export function resolveRef(ref: string): string {
  return new URL(ref, SPECS_BASE_URI).href;
}

function idOf(schema: AnySchemaObject): string {
  if (typeof schema.$id !== 'string') throw new HarnessError('PC_INTERNAL', `a schema under specs/ has no $id: ${JSON.stringify(schema.title)}`);
  return schema.$id;
}

function compile(ajv: ReturnType<typeof makeAjv>, uri: string): ValidateFunction {
  try {
    const validate = ajv.getSchema(uri);
    if (validate === undefined) throw new Error('no schema has this address');
    return validate;
  } catch (error) {
    throw new HarnessError('PC_INTERNAL', `schema ${uri} does not compile: ${(error as Error).message}`, { cause: error });
  }
}

/** Where a method's argument list schema is registered: generated from the method table, it has no file. */
function argsUri(method: string): string {
  return resolveRef(`args/${encodeURIComponent(method)}`);
}

/** Each method's argument list schema, under its {@link argsUri}. */
export function argsSchemas(methods: readonly MethodSpec[]): AnySchemaObject[] {
  return methods.map((m) => ({ $id: argsUri(m.name), ...argsSchema(m.args) }));
}

/** The args array a method accepts: the listed count, each element of its JSON type and width. */
function argsSchema(args: readonly MethodArgument[]): AnySchemaObject {
  const items = args.map((arg) =>
    arg.type === 'string'
      ? { type: 'string' }
      : { type: 'integer', minimum: 0, maximum: arg.format === 'uint32' ? UINT32_MAX : MAX_SAFE },
  );
  return args.length === 0
    ? { type: 'array', maxItems: 0 }
    : { type: 'array', prefixItems: items, items: false, minItems: items.length };
}
