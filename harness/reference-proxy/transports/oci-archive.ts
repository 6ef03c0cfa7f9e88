// The oci-archive: transport, `oci-archive:FILE[:TAG]`: an OCI layout in a tar file. Like skopeo,
// every opened image extracts the archive into its own temporary directory, read as an oci: layout
// and removed when the image is closed (or the proxy exits).
import { goQuoteQ } from '../go/quote.js';
import { pathError, ProxyError } from '../proxy-error.js';
import { resolvePathToFullyExplicit } from './explicit-path.js';
import { extractArchive } from './extract-archive.js';
import { OciLayoutReference, splitPathAndImage, validateImageName } from './oci-layout.js';
import { ImageNotFoundError, type ImageReference, type ImageSource } from '../image/source.js';
import { removeTempDir } from './temp-dirs.js';

export async function parseOciArchiveReference(name: string, within: string): Promise<ImageReference> {
  const { dir: file, image } = splitPathAndImage(within);
  const resolvedFile = await resolvePathToFullyExplicit(file);
  validateImageName(image);
  return new OciArchiveReference(name, resolvedFile, image);
}

class OciArchiveReference implements ImageReference {
  readonly transport = 'oci-archive';
  get policyIdentity(): string {
    return this.resolvedFile;
  }
  constructor(
    readonly name: string,
    private readonly resolvedFile: string,
    private readonly image: string,
  ) {}

  async newImageSource(): Promise<ImageSource> {
    const dir = await this.extract();
    try {
      const layout = new OciLayoutReference(this.name, dir, this.image);
      const source = await layout.newImageSource();
      return Object.assign(source, { close: () => removeTempDir(dir) });
    } catch (error) {
      await removeTempDir(dir);
      if (error instanceof ImageNotFoundError) throw new ImageNotFoundError(`no descriptor found for reference ${goQuoteQ(this.image)}`);
      throw error;
    }
  }

  private extract(): Promise<string> {
    return extractArchive(this.resolvedFile, this.transport, {
      open: (error) =>
        (error as { code?: string }).code === 'ENOENT'
          ? new ImageNotFoundError(`creating temp directory: archive file not found: ${goQuoteQ(this.resolvedFile)}`)
          : new ProxyError(`creating temp directory: ${pathError('open', this.resolvedFile, error).message}`),
      untar: (dir, error) => new ProxyError(`creating temp directory: untarring file ${goQuoteQ(dir)}: ${error.message}`),
    });
  }
}
