"""Device strings: parse "/job:ps/task:0/gpu:1", merge nested specs, print TF's canonical form."""

import re

_FIELD = re.compile(r"^(job|replica|task|device|cpu|gpu|CPU|GPU):(.*)$")


class DeviceSpec:
    """A (possibly partial) device: job, replica, task, device_type, device_index."""

    __slots__ = ("job", "replica", "task", "device_type", "device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = replica
        self.task = task
        self.device_type = device_type
        self.device_index = device_index

    @classmethod
    def from_string(cls, spec):
        """Parses a device string; raises ValueError for a malformed one."""
        self = cls()
        for part in spec.split("/"):
            if not part:
                continue
            m = _FIELD.match(part)
            if m is None:
                if part == "*" or re.match(r"^[A-Za-z]+:(\d+|\*)$", part):
                    kind, _, index = part.partition(":")
                    self.device_type = kind.upper()
                    self.device_index = None if index in ("", "*") else int(index)
                    continue
                raise ValueError("Unknown attribute: '%s' in '%s'" % (part, spec))
            key, value = m.group(1), m.group(2)
            if key == "job":
                self.job = value
            elif key in ("replica", "task"):
                try:
                    setattr(self, key, int(value))
                except ValueError:
                    raise ValueError("Unknown attribute: '%s' in '%s'" % (part, spec)) from None
            elif key == "device":
                kind, _, index = value.partition(":")
                self.device_type = kind.upper() if kind.upper() in ("CPU", "GPU") else kind
                self.device_index = None if index in ("", "*") else int(index)
            else:
                self.device_type = key.upper()
                self.device_index = None if value in ("", "*") else int(value)
        return self

    def merge_from(self, other):
        """Fields set in `other` override ours (an inner tf.device over an outer one)."""
        for field in self.__slots__:
            value = getattr(other, field)
            if value is not None:
                setattr(self, field, value)

    def to_string(self):
        parts = []
        if self.job is not None:
            parts.append("/job:%s" % self.job)
        if self.replica is not None:
            parts.append("/replica:%d" % self.replica)
        if self.task is not None:
            parts.append("/task:%d" % self.task)
        if self.device_type is not None:
            index = "*" if self.device_index is None else str(self.device_index)
            parts.append("/device:%s:%s" % (self.device_type, index))
        return "".join(parts)


def canonical(spec):
    """The canonical form TF1 records on an op: '/gpu:0' -> '/device:GPU:0'."""
    if not spec:
        return ""
    return DeviceSpec.from_string(spec).to_string()


def merge(outer, inner):
    """Merges device string `inner` onto `outer`."""
    if not outer:
        return canonical(inner)
    spec = DeviceSpec.from_string(outer)
    spec.merge_from(DeviceSpec.from_string(inner))
    return spec.to_string()
