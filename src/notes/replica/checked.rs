//! A patch's checksum checked here, once, instead of by diamond-types. Its decoder
//! builds the CRC-32C table anew for every patch it reads (its option to skip the
//! check is not public), which was over a third of replaying a long journal; here it
//! is the processor's own CRC-32C instruction where there is one (`crc32c`). The check
//! itself is the same: a patch whose checksum does not match goes to the decoder as it
//! is, and is refused there.

/// The chunk diamond-types ends an encoding with: its type (100) and length (4) as
/// one-byte varints, then the CRC-32C of everything before the chunk, little-endian.
const CRC_CHUNK: [u8; 2] = [100, 4];
const CRC_CHUNK_LEN: usize = CRC_CHUNK.len() + 4;

/// `patch` without its checksum chunk once the checksum is found to match (the
/// decoder reads a patch without one as it is, and skips the check); otherwise
/// `patch` whole, for the decoder to check and refuse.
pub fn without_checksum(patch: &[u8]) -> &[u8] {
    let Some(body_len) = patch.len().checked_sub(CRC_CHUNK_LEN) else {
        return patch;
    };
    let (body, chunk) = patch.split_at(body_len);
    if chunk[..2] != CRC_CHUNK {
        return patch;
    }
    let expected = u32::from_le_bytes([chunk[2], chunk[3], chunk[4], chunk[5]]);
    // The CRC-32C (Castagnoli) that diamond-types checks a patch with.
    if crc32c::crc32c(body) == expected {
        body
    } else {
        patch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diamond_types::list::OpLog;

    fn patch_of(text: &str) -> (OpLog, Vec<u8>) {
        let mut log = OpLog::new();
        let a = log.get_or_create_agent_id("someone");
        log.add_insert(a, 0, text);
        let bytes = log.encode(super::super::PATCH);
        (log, bytes)
    }

    #[test]
    fn a_sound_patch_loses_its_checksum_and_decodes_the_same() {
        let (log, bytes) = patch_of("notes typed in a meeting\n");
        let body = without_checksum(&bytes);
        assert_eq!(
            body.len(),
            bytes.len() - CRC_CHUNK_LEN,
            "the chunk is found"
        );
        let (mut whole, mut stripped) = (OpLog::new(), OpLog::new());
        whole.decode_and_add(&bytes).unwrap();
        stripped.decode_and_add(body).unwrap();
        assert_eq!(
            whole.checkout_tip().content(),
            stripped.checkout_tip().content()
        );
        assert_eq!(whole.local_version(), stripped.local_version());
        assert_eq!(
            log.checkout_tip().content(),
            stripped.checkout_tip().content()
        );
    }

    #[test]
    fn a_damaged_patch_keeps_its_checksum_and_is_refused() {
        let (_, mut bytes) = patch_of("notes typed in a meeting\n");
        let at = bytes.len() - CRC_CHUNK_LEN - 3;
        bytes[at] ^= 0x20;
        assert_eq!(without_checksum(&bytes), &bytes[..], "kept for the decoder");
        assert!(
            OpLog::new()
                .decode_and_add(without_checksum(&bytes))
                .is_err()
        );
    }

    #[test]
    fn what_does_not_end_in_a_checksum_chunk_is_passed_on_whole() {
        for bytes in [
            &b""[..],
            b"abc",
            b"\x64\x04\x00\x00\x00",
            b"xx\x64\x05\x00\x00\x00\x00",
        ] {
            assert_eq!(without_checksum(bytes), bytes);
        }
    }
}
