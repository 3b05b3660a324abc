"""A district's Python upload script, as paramiko runs it: upload, cut, resume, sign in.

usage: paramiko_client.py PORT USER PASSWORD ACTION LOCAL REMOTE
  upload   upload LOCAL to REMOTE and close it
  cut      write the first half of LOCAL to REMOTE, then drop the connection without closing
  resume   append the rest of LOCAL to REMOTE, from the size the server reports, and close
  login    only sign in
Exit status 0 on success, 3 when the server refused the sign-in, 4 on an SFTP error.
"""
import sys

import paramiko

port, user, password, action = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
local = sys.argv[5] if len(sys.argv) > 5 else None
remote = sys.argv[6] if len(sys.argv) > 6 else None

transport = paramiko.Transport(("127.0.0.1", port))
try:
    transport.connect(username=user, password=password)
except paramiko.AuthenticationException:
    print("authentication refused")
    sys.exit(3)
sftp = paramiko.SFTPClient.from_transport(transport)
data = open(local, "rb").read() if local else b""
try:
    if action == "upload":
        with sftp.open(remote, "wb") as f:
            f.write(data)
    elif action == "cut":
        f = sftp.open(remote, "wb")
        f.write(data[: len(data) // 2])
        f.flush()
        # Gone without a close, as when a network drops mid-transfer.
        transport.sock.close()
        sys.exit(0)
    elif action == "resume":
        size = sftp.stat(remote).st_size
        with sftp.open(remote, "ab") as f:
            f.write(data[size:])
        print("resumed from %d" % size)
    elif action == "login":
        print(sftp.listdir("/"))
except IOError as e:
    print("sftp error: %s" % e)
    sys.exit(4)
sftp.close()
transport.close()
