/**
 * The text of a pipe's chunks as UTF-8, in order, with characters cut across chunks put back
 * together. Most of what agents print is ASCII: such a chunk (with no character left open by the
 * one before) is copied byte for byte, which is what decoding it would give, in less time.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

export class OutputDecoder {
  private readonly decoder = new StringDecoder('utf8');
  /** Whether the last chunk may have ended inside a character (the decoder then holds its start). */
  private open = false;

  write(chunk: Buffer): string {
    if (!this.open && isAscii(chunk)) return chunk.toString('latin1');
    this.open = chunk.length > 0 && chunk[chunk.length - 1]! >= 0x80;
    return this.decoder.write(chunk);
  }

  /** What is left: a character cut off at the end of the output reads as U+FFFD. */
  end(): string {
    return this.decoder.end();
  }
}
