from . import portal
from . import consent
