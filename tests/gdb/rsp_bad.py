#!/usr/bin/env python3
"""rsp_bad.py MODE PORT -- bad input for the gdb stub on a raw socket.

MODE "bad": the stub (stopped by --gdb-wait) must answer every malformed,
oversized or corrupted packet with '-' or an error reply, refuse a second
client, and keep serving; then the connection is dropped (the guest runs on
to its normal exit, which run.sh checks).  MODE "intr": continue a spinning
guest, interrupt it with 0x03 (Ctrl-C), expect T02, then kill it (k).
Prints one "PASS:"/"FAIL:" line per check; exits 1 if any failed.
"""
import socket
import sys
import time

failures = 0


def check(name, cond, detail=""):
    global failures
    print(("PASS: " if cond else "FAIL: ") + name + ("" if cond else "  (" + detail + ")"))
    if not cond:
        failures += 1


def frame(payload):
    data = payload.encode("latin-1") if isinstance(payload, str) else payload
    return b"$" + data + b"#" + ("%02x" % (sum(data) % 256)).encode()


def read_reply(s, timeout=10.0):
    """The next packet's payload (acks skipped), or None on timeout/close."""
    s.settimeout(timeout)
    buf = b""
    try:
        while True:
            c = s.recv(1)
            if not c:
                return None
            if c in b"+-" and not buf:
                continue
            buf += c
            if buf.startswith(b"$") and len(buf) >= 4 and buf[-3:-2] == b"#":
                return buf[1:-3].decode("latin-1")
    except socket.timeout:
        return None


def read_ack(s):
    s.settimeout(10.0)
    try:
        return s.recv(1)
    except socket.timeout:
        return b""


def ask(s, payload):
    s.sendall(frame(payload))
    return read_reply(s)


def bad_mode(port):
    s = socket.create_connection(("127.0.0.1", port))
    second = socket.create_connection(("127.0.0.1", port))
    second.settimeout(10.0)
    try:
        got = second.recv(16)
    except (ConnectionResetError, socket.timeout) as e:
        got = b"" if isinstance(e, ConnectionResetError) else b"timeout"
    check("a second client is closed at once", got == b"", repr(got))
    second.close()

    s.sendall(b"$?#00")
    check("bad checksum gets '-'", read_ack(s) == b"-")
    s.sendall(frame("m" + "0" * 20000))
    check("oversized packet gets '-'", read_ack(s) == b"-")
    s.sendall(b"junk outside packets\x00\xff")
    r = ask(s, "?")
    check("junk outside packets is ignored; ? answers", r is not None and r.startswith("T05"), repr(r))
    for p in ["m", "mzz,4", "m0,zz", "p", "pzzzz", "p999", "P1=zz", "P0=0000000000000000",
              "Z9,0,4", "Z0,zz,4", "z0,1234,4", "Z2,1000,0", "qXfer:features:read:foo:0,10",
              "qXfer:features:read:target.xml:zz", "Hgzz", "Hg999", "T999", "qThreadExtraInfo,zz",
              "vCont;x", "X0,4:ab", "M0,2:zz", "G12", "qRcmd,zz", "m0,4"]:
        r = ask(s, p)
        check("malformed %-36s -> error" % repr(p), r is not None and r.startswith("E"), repr(r))
    # An H without a thread id is answered from this packet, not the bytes the
    # previous one left in the buffer; thread -1 (or 0) is no thread for T; a
    # watched range that wraps past 2^64 is refused (it could never fire).
    r = ask(s, "Hg1")
    check("Hg1 (the CPU thread) -> OK", r == "OK", repr(r))
    for p in ["H", "Tffffffffffffffff", "T0", "Z2,fffffffffffffff0,20", "Z3,ffffffffffffffff,2"]:
        r = ask(s, p)
        check("malformed %-36s -> error" % repr(p), r is not None and r.startswith("E"), repr(r))
    r = ask(s, "qRcmd," + b"info pt nonsense".hex())
    check("monitor with a bad VA prints its usage",
          r is not None and "usage: info pt" in bytes.fromhex(r).decode(), repr(r))
    r = ask(s, "mffffffff80100000,4")
    check("kernel text reads through KSEG32", r is not None and len(r) == 8 and r[0] != "E", repr(r))
    for p in ["vMustReplyEmpty", "qNoSuchThing", "!"]:
        r = ask(s, p)
        check("unknown %-12s -> empty reply" % repr(p), r == "", repr(r))
    s.close()                                   # dropped: the guest runs on


def intr_mode(port):
    s = socket.create_connection(("127.0.0.1", port))
    r = ask(s, "?")
    check("stopped at attach", r is not None and r.startswith("T05"), repr(r))
    s.sendall(frame("c"))
    check("continue gets no reply while running", read_reply(s, 1.0) is None)
    s.sendall(b"\x03")
    r = read_reply(s)
    check("Ctrl-C (0x03) stops the guest with T02", r is not None and r.startswith("T02"), repr(r))
    r = ask(s, "qRcmd," + b"stats".hex())
    check("monitor stats after the interrupt", r is not None and "instructions" in bytes.fromhex(r).decode(), repr(r))
    s.sendall(frame("k"))
    time.sleep(0.2)
    s.close()


if __name__ == "__main__":
    {"bad": bad_mode, "intr": intr_mode}[sys.argv[1]](int(sys.argv[2]))
    sys.exit(1 if failures else 0)
