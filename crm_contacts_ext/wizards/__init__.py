from . import res_partner_consent_wizard
