"""The course's registered widgets, one module per lesson (``lNN.py``). Importing this
package registers them all with :mod:`karabakh_course.widgets`."""

import importlib
import pkgutil

for _m in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_m.name}")
