"""Django's JSON serialisation format, keeping timestamps to the microsecond.

The stock encoder cuts them to milliseconds, so a dumpdata/loaddata round trip (the `backup` and
`restore` commands) would not give back exactly what was saved. Registered as the "json" format
through SERIALIZATION_MODULES; reading is unchanged.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 - part of the format's interface
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as DjangoJSONSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(DjangoJSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
