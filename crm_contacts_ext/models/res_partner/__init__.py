# The contact (res.partner), one concern a file. The order of the imports is the
# order of the create / write overrides: the part imported last runs first. So
# `card` (the input check) comes last, and the parts that pop their own values
# (consent box, role lines) run before those that write the rest.
from . import geolocation
from . import geocoding
from . import roles
from . import warnings
from . import consent
from . import personal_data
from . import mailing
from . import marketing
from . import activities
from . import sales
from . import salesperson
from . import customer_note
from . import invoicing
from . import card_counters
from . import card
