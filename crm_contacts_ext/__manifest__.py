# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Advanced Contact Management",
    "summary": "Contact roles with ranks, blocking warnings, GDPR consent, marketing, "
    "geolocation, notes, recurring activities, opportunities with lines",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-contacts-ext/crm_contacts_ext",
    "author": "crm_contacts_ext developers",
    "license": "LGPL-3",
    "depends": [
        "contacts",
        "crm",
        "calendar",
        "sale_crm",
        "account",
        "base_geolocalize",
        "mass_mailing",
    ],
    "data": [
        "security/crm_contacts_ext_groups.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/res_partner_marketing_geo_views.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_contacts_ext/static/tests/tours/*.js",
        ],
    },
}
