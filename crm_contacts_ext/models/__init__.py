from . import res_partner
from . import res_partner_role
from . import res_partner_role_line
from . import sale_order
from . import account_move
from . import account_move_send
