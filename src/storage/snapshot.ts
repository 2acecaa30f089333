const HEADER_SIZE = 100;

/**
 * Marks an image as a rollback-journal database (header bytes 18-19 = 1): a WAL-mode image cannot be
 * deserialized in memory, and a file written from it would otherwise expect a -wal file beside it.
 */
export function portableImage(image: Buffer): Buffer {
  if (image.length >= HEADER_SIZE) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}
