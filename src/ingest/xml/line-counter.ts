/**
 * Line and column of a character offset in the text fed to the parser, worked out only when a
 * location is asked for. saxes can track positions itself, but doing so per character costs about
 * a quarter of its speed; counting newlines with `indexOf` between the offsets that are actually
 * asked for is far cheaper. Offsets asked for must not go backwards by more than a character.
 */
export class LineCounter {
  private chunk = '';
  private chunkStart = 0;
  /** Everything before `scanned` has been counted. */
  private scanned = 0;
  private line = 1;
  private lastNewline = -1;

  /** Call before the parser sees `text`. */
  push(text: string): void {
    this.countTo(this.chunkStart + this.chunk.length);
    this.chunkStart += this.chunk.length;
    this.chunk = text;
  }

  /** 1-based line and column of the character at `offset`. */
  at(offset: number): { line: number; column: number } {
    this.countTo(offset);
    return { line: this.line, column: Math.max(1, offset - this.lastNewline) };
  }

  private countTo(offset: number): void {
    const end = Math.min(offset, this.chunkStart + this.chunk.length) - this.chunkStart;
    let from = this.scanned - this.chunkStart;
    if (end <= from) return;
    for (let index = this.chunk.indexOf('\n', from); index >= 0 && index < end; index = this.chunk.indexOf('\n', from)) {
      this.line++;
      this.lastNewline = this.chunkStart + index;
      from = index + 1;
    }
    this.scanned = this.chunkStart + end;
  }
}
