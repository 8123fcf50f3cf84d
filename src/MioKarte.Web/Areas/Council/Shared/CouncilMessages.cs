namespace MioKarte.Web.Areas.Council.Shared;

/// <summary>
/// The TempData keys of the one-line result shown after a council action redirects back to a page
/// (post-redirect-get). <c>_ActivationPanel</c> shows them.
/// </summary>
public static class CouncilMessages
{
    public const string StatusKey = "Council.Status";
    public const string ErrorKey = "Council.Error";
}

/// <summary>The administrator's activation link, absolute, on the host the council is using.</summary>
public static class ActivationLinks
{
    public static string For(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/account/activate/{Uri.EscapeDataString(token)}";
    }
}
