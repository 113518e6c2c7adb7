import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_contacts_ext_copy_to", {
    steps: () => [
        {
            content: "Laura Secord's card shows her status",
            trigger:
                ".o_field_widget[name='contact_status'] button[aria-checked='true']:contains(Customer)",
        },
        {
            content: "and her first-phone extension",
            trigger: ".o_field_widget[name='phone_ext'] input:value(204)",
        },
        {
            content: "Open the Card tab",
            trigger: ".o_notebook .nav-link:contains(Card)",
            run: "click",
        },
        {
            content: "with her second phone",
            trigger: ".o_field_widget[name='phone2'] input:value(418 222-2224)",
        },
        {
            content: "The salesperson enters her department",
            trigger: ".o_field_widget[name='department'] input",
            run: "edit Achats et approvisionnement",
        },
        {
            content: "and copies her",
            trigger: ".o_form_view button[name='action_open_copy_to']",
            run: "click",
        },
        {
            content: "as a prospect",
            trigger: ".modal .o_field_widget[name='target'] input[data-value='lead']",
            run: "click",
        },
        {
            content: "with a title",
            trigger: ".modal .o_field_widget[name='lead_name'] input",
            run: "edit Prospect Laura — salon 2026",
        },
        {
            content: "Copy",
            trigger: ".modal button[name='action_copy']",
            run: "click",
        },
        {
            content: "The new lead opens",
            trigger: ".o_form_view .o_field_widget[name='name'] textarea:value(Prospect Laura — salon 2026)",
        },
    ],
});
