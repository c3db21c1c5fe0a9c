"""The embedded broker: kombu's filesystem transport, with messages published atomically.

kombu's filesystem channel opens the message file under its final name and then
writes it. A worker listing the folder in between moves the file away and reads
it empty or half-written, and the task is lost: a sync that never runs, a result
that never comes. Here a message is written under a name the consumer skips
(a leading dot and a `.tmp` suffix) and renamed into place once complete, so a
consumer sees a whole message or none. Everything else is kombu's.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put `payload` onto `queue`: write it aside, then rename it into the queue folder."""
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        temporary = os.path.join(self.data_folder_out, f".{name}.tmp")
        try:
            with open(temporary, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
