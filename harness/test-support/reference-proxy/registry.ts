// Test support: a real registry (Debian's docker-registry) on loopback holding the docker:// fixture
// images, and the fault-injecting upstream in front of it; fails, never skips, without the registry.
import { buildFixtures, type FixtureImage, type FixtureSet } from '../../images/index.js';
import { startRegistry, type RunningRegistry } from '../../registry/start-registry.js';
import { FaultyUpstream } from '../../registry/upstream.js';

/** The executable's arguments for the plain-http test registry, with a short idle timeout. */
export function registryArgs(idleMs = 1500): string[] {
  return ['--tls-verify=false', '--registry-idle-timeout-ms', String(idleMs)];
}

export class RegistryFixtures {
  private constructor(
    readonly registry: RunningRegistry,
    readonly fixtures: FixtureSet,
    readonly upstream: FaultyUpstream,
  ) {}

  static async start(): Promise<RegistryFixtures> {
    const registry = await startRegistry();
    try {
      const fixtures = await buildFixtures({ registry, transports: ['docker'] });
      return new RegistryFixtures(registry, fixtures, await FaultyUpstream.start(registry.host));
    } catch (error) {
      await registry.stop();
      throw error;
    }
  }

  image(id: string): FixtureImage {
    const image = this.fixtures.images.find((i) => i.id === id);
    if (!image) throw new Error(`no fixture image ${id}`);
    return image;
  }

  /** The image's reference with the faulty upstream in place of the registry. */
  viaUpstream(image: FixtureImage): string {
    return image.reference.replace(this.registry.host, this.upstream.host);
  }

  async stop(): Promise<void> {
    await this.upstream.close();
    await this.registry.stop();
  }
}
