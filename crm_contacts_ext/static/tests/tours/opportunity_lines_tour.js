import {registry} from "@web/core/registry";
import {clickStatButton} from "@crm_contacts_ext/../tests/tours/utils/stat_button";

registry.category("web_tour.tours").add("crm_contacts_ext_opportunity_lines", {
    steps: () => [
        {
            content: "Laura Secord's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Laura Secord)",
        },
        ...clickStatButton("action_view_opportunity", "Open her opportunities"),
        {
            content: "They are listed; start a new one",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Name the opportunity",
            trigger: ".o_form_view .o_field_widget[name='name'] textarea",
            run: "edit Coffrets de Noël",
        },
        {
            content: "It is for Laura Secord",
            trigger: ".o_field_widget[name='partner_id'] input:value(/Laura Secord/)",
        },
        {
            content: "Open the product lines",
            trigger: ".o_notebook a[name='product_lines']",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: "div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the product",
            trigger: "div[name='line_ids'] .o_data_row .o_field_widget[name='product_id'] input",
            run: "edit Truffes de la tournée",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Truffes de la tournée)",
            run: "click",
        },
        {
            content: "Its unit price is filled in",
            trigger: "div[name='line_ids'] .o_data_row .o_field_widget[name='price_unit'] input:value(30.00)",
        },
        {
            content: "Three boxes",
            trigger: "div[name='line_ids'] .o_data_row .o_field_widget[name='product_uom_qty'] input",
            run: "edit 3",
        },
        {
            content: "with 10% off",
            trigger: "div[name='line_ids'] .o_data_row .o_field_widget[name='discount'] input",
            run: "edit 10",
        },
        {
            content: "Leave the line",
            trigger: ".o_form_view .o_field_widget[name='name'] textarea",
            run: "click",
        },
        {
            content: "The expected revenue follows the lines: 3 × 30 × 0.9",
            trigger: ".o_form_view .o_field_widget[name='expected_revenue']:contains(81.00)",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
