from . import res_partner_copy_to
