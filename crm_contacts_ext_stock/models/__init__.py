from . import crm_lead
from . import sale_order
from . import stock_picking
