// The protocol's data and validators, as the rest of the harness and the package barrel see them.
export { loadSpecs, Specs } from './specs.js';
export type {
  Deviation,
  MethodArgument,
  MethodSpec,
  PayloadContent,
  ProtocolVersionSpec,
  ReturnKind,
  SkopeoReleaseRange,
  TransportSpec,
  Validation,
  VersionHistory,
} from './types.js';
