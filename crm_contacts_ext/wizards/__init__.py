from . import res_partner_copy_to
from . import sale_order_cancel
from . import sale_mass_cancel_orders
from . import mail_compose_message
from . import res_partner_consent_wizard
from . import mail_activity_schedule
from . import base_partner_merge_automatic_wizard
from . import crm_lead_to_opportunity
