using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>
/// 利用者の管理 by the facility's 管理責任者: list, 登録, 変更, 利用停止 / 再開, パスワード再設定, ロック解除,
/// 強制サインアウト — of their own facility's users only (docs/facility-admin.md).
/// </summary>
[Area("FacilityAdmin")]
[Route("facility/users")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
public sealed class UsersController(IStringLocalizer<SharedResource> text) : Controller
{
    private const string Path = "/facility/users";

    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] FacilityUserListHandler handler)
    {
        return View(await handler.HandleAsync(actor));
    }

    // 再認証 before the forms that give access (a new user's rights, a change of rights or validity),
    // on the GET so the administrator confirms before typing, and on the POST for a page left open.
    [RequireRecentAuthentication]
    [HttpGet("new")]
    public IActionResult New() => View(new NewUserPage(FacilityUserInput.ForNewUser(), Guid.NewGuid()));

    [RequireRecentAuthentication]
    [HttpPost("new")]
    public async Task<IActionResult> New(Actor actor, [FromForm] FacilityUserInput input, [FromForm] Guid formKey, [FromServices] CreateFacilityUserHandler handler)
    {
        ModelState.Clear();
        switch (await handler.HandleAsync(actor, input, formKey, ActivationUrl))
        {
            case CreateUserOutcome.Created created:
                return Redirect($"{Path}/{created.UserId}?done={UserEventKind.Created}");
            case CreateUserOutcome.Invalid invalid:
                return View(new NewUserPage(input, formKey) { Errors = text.Localize(invalid.Errors) });
            case CreateUserOutcome.Full full:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(new NewUserPage(input, formKey) { Error = text["FacilityUsers.Error.Full", full.Allowance] });
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Detail(Actor actor, string id, string? done, [FromServices] FacilityUserDetailHandler handler)
    {
        var user = await handler.HandleAsync(actor, id);
        return user is null ? NotFound() : View(new FacilityUserPage(user) { Done = ParseDone(done) });
    }

    [RequireRecentAuthentication]
    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(Actor actor, string id, [FromServices] EditFacilityUserHandler handler)
    {
        var page = await handler.FormAsync(actor, id);
        return page is null ? NotFound() : View(page);
    }

    [RequireRecentAuthentication]
    [HttpPost("{id}/edit")]
    public async Task<IActionResult> Edit(Actor actor, string id, [FromForm] FacilityUserInput input, [FromForm] string? version, [FromServices] EditFacilityUserHandler handler)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(actor, id, input, version);
        if (outcome is UserChangeOutcome.Changed)
        {
            return Redirect($"{Path}/{id}?done={UserEventKind.Edited}");
        }

        var form = await handler.FormAsync(actor, id);
        if (form is null || outcome is UserChangeOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome is UserChangeOutcome.Invalid invalid)
        {
            return View(form with { Input = input, Version = version ?? "", Errors = text.Localize(invalid.Errors) });
        }

        // Someone changed the user meanwhile, or the change would leave no administrator: show what is stored now.
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View(outcome is UserChangeOutcome.Conflict ? form with { Error = ErrorText(outcome) } : form with { Input = input, Version = version ?? "", Error = ErrorText(outcome) });
    }

    /// <summary>The buttons of a user's page, by the last segment of the address they post to.</summary>
    private static readonly Dictionary<string, UserAccessAction> AccessActions = new(StringComparer.Ordinal)
    {
        ["disable"] = UserAccessAction.Disable,
        ["enable"] = UserAccessAction.Enable,
        ["reset-password"] = UserAccessAction.ResetPassword,
        ["unlock"] = UserAccessAction.Unlock,
        ["sign-out"] = UserAccessAction.SignOut,
        ["remove-passkeys"] = UserAccessAction.RemovePasskeys,
    };

    /// <summary>
    /// Where a stale session comes back after 再認証 from one of the user page's buttons: that page,
    /// whose button the administrator presses once more.
    /// </summary>
    [HttpGet("{id}/{button}")]
    public IActionResult ChangeAgain(string id, string button) =>
        AccessActions.ContainsKey(button) ? Redirect($"{Path}/{Uri.EscapeDataString(id)}") : NotFound();

    /// <summary>利用停止, 再開, パスワード再設定, ロック解除, 強制サインアウト and パスキーの削除 (<c>/facility/users/{id}/disable</c> etc.).</summary>
    [HttpPost("{id}/{button}")]
    public async Task<IActionResult> Change(
        Actor actor, string id, string button, [FromForm] string? version, [FromServices] ChangeUserAccessHandler handler, [FromServices] FacilityUserDetailHandler details)
    {
        if (!AccessActions.TryGetValue(button, out var action))
        {
            return NotFound();
        }

        // 再開 and パスワード再設定 give access back; 利用停止, ロック解除 and 強制サインアウト only take it
        // away or clear a lock, and must stay one click for an administrator answering an incident.
        if (action is UserAccessAction.Enable or UserAccessAction.ResetPassword
            && RequireRecentAuthenticationAttribute.ChallengeIfStale(HttpContext) is { } reauthenticate)
        {
            return reauthenticate;
        }

        var outcome = await handler.HandleAsync(actor, id, action, version, ActivationUrl);
        if (outcome is UserChangeOutcome.Changed)
        {
            // Signing oneself out ends this very session: the next page asks to sign in.
            return Redirect($"{Path}/{id}?done={ChangeUserAccessHandler.KindOf(action)}");
        }

        var user = outcome is UserChangeOutcome.NotFound ? null : await details.HandleAsync(actor, id);
        if (user is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        return View(nameof(Detail), new FacilityUserPage(user) { Error = ErrorText(outcome) });
    }

    private string ActivationUrl(string token) => ActivationLinks.For(Request, token);

    private string ErrorText(UserChangeOutcome outcome) => outcome switch
    {
        UserChangeOutcome.Conflict { ChangedBy: "" } => text["FacilityUsers.Error.ConflictUnknown"],
        UserChangeOutcome.Conflict conflict => text["FacilityUsers.Error.Conflict", conflict.ChangedBy],
        UserChangeOutcome.LastAdministrator => text["FacilityUsers.Error.LastAdministrator"],
        UserChangeOutcome.Full full => text["FacilityUsers.Error.Full", full.Allowance],
        UserChangeOutcome.NotAllowed notAllowed => text[notAllowed.MessageKey],
        _ => text["FacilityUsers.Error.ConflictUnknown"],
    };

    private static UserEventKind? ParseDone(string? value) =>
        !string.IsNullOrEmpty(value) && char.IsAsciiLetter(value[0]) && Enum.TryParse<UserEventKind>(value, out var kind) && Enum.IsDefined(kind)
            ? kind
            : null;
}

/// <summary>The form for a new user, with its key (so a second submit creates nothing) and the errors of the last submit.</summary>
public sealed record NewUserPage(FacilityUserInput Input, Guid FormKey)
{
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    public string? Error { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}
