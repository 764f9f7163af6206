/**
 * The request/response frames both adapters share: exact layout, reassembly from any chunking,
 * caps enforced from the length bytes alone, and a reader that only ever returns a frame or a
 * DecodeError whatever bytes arrive.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/core/bytes.js';
import { encodeReply, encodeRequest, readWhole, REPLY_STATUS, ReplyReader, RequestReader, type FrameReader, type FrameStep } from '../../src/p2p/exchange.js';
import { FUZZ_RUNS, fuzzDecoder } from '../support/fuzz.js';
import { createRng } from '../support/rng.js';

function feed<T>(reader: FrameReader<T>, bytes: Uint8Array, cuts: number[]): FrameStep<T> {
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    const step = reader.push(bytes.subarray(at, cut));
    at = cut;
    if (step.kind !== 'more') return step;
  }
  return reader.end();
}

describe('exchange frames', () => {
  it('have the documented layout', () => {
    expect([...encodeRequest(utf8('hi'))]).toEqual([0, 0, 0, 2, 0x68, 0x69]);
    expect([...encodeReply({ status: REPLY_STATUS.ok, body: utf8('hi') })]).toEqual([0, 0, 0, 0, 2, 0x68, 0x69]);
    expect([...encodeReply({ status: REPLY_STATUS.handlerFailed })]).toEqual([1]);
  });

  it('reassemble from any chunking', () => {
    const rng = createRng(0x5eed);
    for (let run = 0; run < 500; run++) {
      const body = rng.bytes(rng.int(300));
      const cuts = Array.from({ length: rng.int(6) }, () => rng.int(body.length + 5)).sort((x, y) => x - y);
      const request = feed(new RequestReader(1024), encodeRequest(body), cuts);
      expect(request, `seed 0x5eed run ${run}`).toEqual({ kind: 'frame', frame: body });
      const reply = feed(new ReplyReader(1024), encodeReply({ status: REPLY_STATUS.ok, body }), cuts);
      expect(reply, `seed 0x5eed run ${run}`).toEqual({ kind: 'frame', frame: { status: REPLY_STATUS.ok, body } });
    }
    for (const status of Object.values(REPLY_STATUS).filter((s) => s !== REPLY_STATUS.ok)) {
      expect(readWhole(new ReplyReader(0), encodeReply({ status }))).toEqual({ kind: 'frame', frame: { status } });
    }
  });

  it('refuse an oversized body as soon as its length arrives', () => {
    const reader = new RequestReader(100);
    const step = reader.push(Uint8Array.of(0, 0, 0, 101));
    expect(step.kind === 'error' && step.error.code).toBe('oversized');
    expect(reader.push(new Uint8Array(101)).kind).toBe('more'); // finished: further bytes are ignored
    const reply = new ReplyReader(100).push(Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff));
    expect(reply.kind === 'error' && reply.error.code).toBe('oversized');
    expect(readWhole(new RequestReader(100), encodeRequest(new Uint8Array(100))).kind).toBe('frame'); // the cap itself is fine
  });

  it('name truncation, trailing bytes and unknown statuses', () => {
    const code = <T>(step: FrameStep<T>): string => (step.kind === 'error' ? step.error.code : step.kind);
    expect(code(readWhole(new RequestReader(100), Uint8Array.of(0, 0, 0, 5, 1)))).toBe('truncated');
    expect(code(readWhole(new RequestReader(100), new Uint8Array(0)))).toBe('truncated');
    expect(code(readWhole(new RequestReader(100), Uint8Array.of(0, 0, 0, 1, 1, 2)))).toBe('trailing-bytes');
    expect(code(readWhole(new ReplyReader(100), Uint8Array.of(1, 0)))).toBe('trailing-bytes');
    expect(code(readWhole(new ReplyReader(100), Uint8Array.of(99)))).toBe('bad-tag');
  });

  it('a reader fed hostile bytes returns a frame or a DecodeError, nothing else', () => {
    const samples = [encodeRequest(utf8('catch-up: author 3 from 17')), encodeRequest(new Uint8Array(0)), encodeRequest(new Uint8Array(200).fill(7))];
    const decodeRequest = (bytes: Uint8Array): Uint8Array => {
      const step = readWhole(new RequestReader(512), bytes);
      if (step.kind === 'error') throw step.error;
      return step.frame;
    };
    const requests = fuzzDecoder(samples, decodeRequest, { seed: 0xf4a3, runs: FUZZ_RUNS, check: (body, input) => expect(encodeRequest(body)).toEqual(input) });
    expect(requests.rejected).toBeGreaterThan(0);

    const replies = [encodeReply({ status: REPLY_STATUS.ok, body: utf8('envelopes') }), encodeReply({ status: REPLY_STATUS.handlerTimeout })];
    const decodeReply = (bytes: Uint8Array) => {
      const step = readWhole(new ReplyReader(512), bytes);
      if (step.kind === 'error') throw step.error;
      return step.frame;
    };
    fuzzDecoder(replies, decodeReply, { seed: 0xf4a4, runs: FUZZ_RUNS, check: (reply, input) => expect(encodeReply(reply)).toEqual(input) });
  });
});
