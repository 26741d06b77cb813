//! Reading and crafting sync packages byte by byte, to test what a receiver refuses.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Every entry of a zip, decompressed, in order.
pub fn read_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_owned(), bytes)
        })
        .collect()
}

/// A zip of `entries`, deflated, in the order given.
pub fn write_zip<N: AsRef<str>, B: AsRef<[u8]>>(path: &Path, entries: &[(N, B)]) {
    let mut zip = ZipWriter::new(fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(name.as_ref(), options).unwrap();
        zip.write_all(bytes.as_ref()).unwrap();
    }
    zip.finish().unwrap();
}

/// Flips one bit in the middle of the stored (compressed) bytes of entry `name`.
pub fn flip_byte_in_entry(path: &Path, name: &str) {
    let (start, len) = {
        let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
        let entry = archive.by_name(name).unwrap();
        (entry.data_start(), entry.compressed_size())
    };
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let at = start + len / 2;
    let mut byte = [0u8];
    file.seek(SeekFrom::Start(at)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(&[byte[0] ^ 0x01]).unwrap();
}
