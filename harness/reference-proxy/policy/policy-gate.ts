// The check OpenImage and OpenImageOptional make once the image source exists (protocol 0.2.6+):
// the policy is read afresh for every open, as skopeo 1.20 does, and every requirement must accept.
import type { Faults } from '../faults.js';
import { ProxyError } from '../proxy-error.js';
import type { ImageReference } from '../image/source.js';
import { requirementsFor, type PolicyDocument } from './policy-document.js';
import { readPolicy, type PolicySetting } from './policy-setting.js';

export class PolicyGate {
  private readOnce: Promise<PolicyDocument> | null = null;

  constructor(
    private readonly setting: PolicySetting,
    private readonly faults: Faults,
  ) {}

  /** Resolves when the policy lets the image be used; throws the ProxyError the open fails with. */
  async check(reference: ImageReference, optional: boolean): Promise<void> {
    if (this.faults.has('policy-ignored')) return;
    if (optional && this.faults.has('policy-not-on-optional')) return;
    const policy = await this.read();
    for (const requirement of requirementsFor(policy, reference.transport, reference.policyIdentity)) {
      if (requirement.type === 'insecureAcceptAnything') continue;
      if (requirement.type === 'reject') throw new ProxyError(`Running image ${reference.name} is rejected by policy.`);
      throw new ProxyError(`the reference proxy cannot evaluate the policy requirement ${JSON.stringify(requirement.type)} (only insecureAcceptAnything and reject), so ${reference.name} is not opened`);
    }
  }

  private read(): Promise<PolicyDocument> {
    const setting: PolicySetting = this.setting.kind === 'file' && this.faults.has('policy-system-default') ? { kind: 'default' } : this.setting;
    if (!this.faults.has('policy-read-once')) return readPolicy(setting);
    this.readOnce ??= readPolicy(setting);
    return this.readOnce;
  }
}
