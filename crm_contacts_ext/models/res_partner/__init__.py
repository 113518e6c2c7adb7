# The contact (res.partner), one concern a file. The order of the imports is the
# order of the create / write overrides: the part imported last runs first. So
# `card` (the input check) comes last, and the parts that pop their own values
# (consent box, role lines) run before those that write the rest. One class a concern
# on purpose (as Odoo's mail does): pylint's consider-merging-classes-inherited is
# disabled on each.
from . import geolocation
from . import geocoding
from . import nearby
from . import roles
from . import role_ranking
from . import warnings
from . import blocking
from . import consent
from . import consent_copies
from . import personal_data
from . import mailing
from . import marketing_basis
from . import marketing_basis_update
from . import consent_confirmation
from . import dormant
from . import marketing
from . import activities
from . import sales
from . import salesperson
from . import customer_note
from . import invoicing
from . import card_counters
from . import card
