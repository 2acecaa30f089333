/** Seeded sandbox database images by what they were built from; the least recently used go first. */
export class ImageCache {
  private readonly images = new Map<string, Buffer>();

  constructor(private readonly capacity: number) {}

  get(key: string): Buffer | undefined {
    const image = this.images.get(key);
    if (image) {
      this.images.delete(key);
      this.images.set(key, image);
    }
    return image;
  }

  set(key: string, image: Buffer): void {
    this.images.set(key, image);
    while (this.images.size > this.capacity) this.images.delete(this.images.keys().next().value as string);
  }
}
