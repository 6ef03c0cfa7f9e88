import { describe, expect, test } from 'vitest';
import { OCI_IMAGE } from '../image/image-types.js';
import { goMarshal } from './marshal.js';
import { goUnmarshal, toMarshalable } from './struct.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('typed decoding and encoding', () => {
  test('a config re-serialised as v1.Image: Go field order, omitempty, unknown keys dropped, times normalised', () => {
    const config = bytes(
      '{"os":"linux","architecture":"amd64","extra":1,"ROOTFS":{"diff_ids":[],"type":"layers"},"config":{"Labels":{"b":"2","a":"1"},"Env":[]},' +
        '"created":"2024-01-01T00:00:00.500000000+00:00","history":[{"empty_layer":false,"created_by":"x"}]}',
    );
    const image = goUnmarshal(config, OCI_IMAGE);
    expect(goMarshal(toMarshalable(image, OCI_IMAGE))).toBe(
      '{"created":"2024-01-01T00:00:00.5Z","architecture":"amd64","os":"linux","config":{"Labels":{"a":"1","b":"2"}},"rootfs":{"type":"layers","diff_ids":[]},"history":[{"created_by":"x"}]}',
    );
    expect(() => goUnmarshal(bytes('{"config":{"Env":"x"}}'), OCI_IMAGE)).toThrow(
      'json: cannot unmarshal string into Go struct field ImageConfig.config.Env of type []string',
    );
    expect(() => goUnmarshal(bytes('{"created":5}'), OCI_IMAGE)).toThrow('Time.UnmarshalJSON: input is not a JSON string');
  });
});
