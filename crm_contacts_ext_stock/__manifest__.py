# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Advanced Contact Management - Warehouses",
    "summary": "Warehouse on opportunities, passed on to their quotations "
    "(Prextra's opportunity header)",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-contacts-ext/crm_contacts_ext",
    "author": "crm_contacts_ext developers",
    "license": "LGPL-3",
    "depends": ["crm_contacts_ext", "sale_stock"],
    "auto_install": True,
    "data": [
        "views/crm_lead_views.xml",
    ],
}
