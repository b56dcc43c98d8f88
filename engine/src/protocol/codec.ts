// Binary frame codec of the reflector protocol, shared by the reflector and the client.
// A frame holds one or more messages back to back (batching): a client's SENDs of one turn,
// everything the reflector has for a connection in one turn. A JOIN goes alone. Every message starts with a kind byte and a small fixed header;
// payloads are length-prefixed opaque bytes the reflector never decodes. Little-endian.
//
//   str   = u16 byteLength, UTF-8 bytes          bytes = u32 length, raw bytes
//   stamped = u8 streamKind, f64 time, u32 seq, str viewId, bytes payload
//
//   client → reflector (any number per frame; JOIN alone, nothing after LEAVE)
//     JOIN        1  u16 version, str sessionId, str viewId, u32 lastClientSeq, bytes viewData, [u16 tps]
//     SEND        3  u32 clientSeq, bytes payload
//     SNAP_UPLOAD 7  f64 time, u32 seq, bytes data
//     HASH        8  f64 time, u32 seq, str hash
//     LEAVE       9  (nothing)
//   reflector → client (any number of messages per frame, concatenated)
//     JOINED      2  str viewId, f64 time, u32 lastClientSeq,
//                    u32 eventsPerSecond, u32 eventBurst, u32 maxEventBytes, u8 hasSnapshot,
//                    [f64 time, u32 seq, bytes data], u32 count, count × stamped
//                    (a sender holding the stamped already encoded passes them as encodedEvents)
//     EVENT       4  stamped
//     TICK        5  f64 time
//     SNAP_REQUEST 6 (nothing)
//     ERROR      10  u8 code, str message
//     DESYNC     11  f64 time, u32 seq, u16 count, count × str viewId
//     REFUSED    12  u8 code, u32 clientSeq, u32 retryMs, str message
//
// The version sits right after JOIN's kind byte, and the JOIN and ERROR layouts are frozen,
// so any two versions can still tell each other "wrong version" (ERROR code VERSION).
//
// The codec is split by direction: codec-core.ts (frame kinds, ProtocolError, shared limits),
// codec-encode.ts and codec-decode.ts; this module is the one everyone imports.
export { FrameKind, ProtocolError } from "./codec-core.ts";
export { encodeClientMsg, encodeClientMsgs, encodeServerMsgs } from "./codec-encode.ts";
export { decodeClientFrame, decodeClientMsg, decodeServerFrame } from "./codec-decode.ts";
