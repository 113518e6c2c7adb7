import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_contacts_ext_laura_card", {
    steps: () => [
        {
            content: "The card shows Laura Secord",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Laura Secord)",
        },
        {
            content: "attached to her company",
            trigger: ".o_field_widget[name='parent_id'] input:value(Folies au Chocolat)",
        },
        {
            content: "with the fax number of the source document",
            trigger: ".o_field_widget[name='fax'] input:value(418 222-2221)",
        },
        {
            content: "under its own 'Fax' label, not squeezed into another row",
            trigger: ".o_form_view label.o_form_label:contains(Fax)",
        },
        {
            content: "The salesperson updates her job position",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Acheteuse principale",
        },
        {
            content: "and saves",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The form is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
