from . import res_config_settings
from . import res_partner
from . import res_partner_grouping
from . import sale_order
