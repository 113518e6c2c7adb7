from . import res_partner
from . import crm_lead
from . import crm_lead_line
