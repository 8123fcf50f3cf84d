namespace MioKarte.Web.Infrastructure;

/// <summary>
/// An irreversible action's button asking once for confirmation in the page, without JavaScript
/// (Views/Shared/_ConfirmButton): <c>&lt;details class="confirm"&gt;</c> whose summary carries the
/// original label; opening it shows what will happen and the real submit button, labelled the
/// verb + 「を確定する」. It sits inside the action's own form, so the antiforgery token, the
/// version and the server's double-submit checks are unchanged. All texts are resource keys.
/// </summary>
/// <param name="LabelKey">The original button's label (the summary), e.g. 承認.</param>
/// <param name="ExplainKey">What will happen, irreversibly.</param>
/// <param name="ConfirmKey">The submit button's label, e.g. 承認を確定する.</param>
/// <param name="Variant">The button's look: <c>primary</c>, <c>danger</c> or <c>secondary</c>.</param>
/// <param name="Large">The large button (the registration page).</param>
public sealed record ConfirmButton(string LabelKey, string ExplainKey, string ConfirmKey, string Variant = "primary", bool Large = false);
