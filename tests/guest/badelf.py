#!/usr/bin/env python3
"""badelf.py SRC DIR -- write ELF files that exec must refuse, made from the
good two-segment program SRC (tests/guest/exit42.S): each name says what is
wrong.  Only ELF header and program header fields change."""
import struct, sys

src, out = sys.argv[1], sys.argv[2]
data = bytearray(open(src, 'rb').read())
phoff, = struct.unpack_from('<Q', data, 0x20)
phentsize, phnum = struct.unpack_from('<HH', data, 0x36)
loads = [phoff + i * phentsize for i in range(phnum)
         if struct.unpack_from('<I', data, phoff + i * phentsize)[0] == 1]
text, rw = loads[0], loads[1]

def variant(name, edit):
    d = bytearray(data)
    edit(d)
    open(f'{out}/{name}', 'wb').write(d)

def seg(d, ph, vaddr=None, memsz=None):
    if vaddr is not None:
        struct.pack_into('<QQ', d, ph + 0x10, vaddr, vaddr)      # p_vaddr, p_paddr
    if memsz is not None:
        struct.pack_into('<Q', d, ph + 0x28, memsz)              # p_memsz

# A segment whose end wraps past 2^64 to a small address (the old bound,
# `p_memsz > USER_END - p_vaddr`, underflowed for a start above USER_END).
variant('wrap', lambda d: seg(d, rw, vaddr=(1 << 64) - 0x10000, memsz=0x20000))
# A segment that runs out of the 2 GiB user space.
variant('leaves', lambda d: seg(d, rw, vaddr=0x7FF00000, memsz=0x200000))
# An odd entry point.
variant('oddentry', lambda d: struct.pack_into('<Q', d, 0x18, 0x10001))
# An entry point in the data segment (not executable).
rw_vaddr, = struct.unpack_from('<Q', data, rw + 0x10)
variant('dataentry', lambda d: struct.pack_into('<Q', d, 0x18, rw_vaddr))
