using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

/// <summary>端末の登録 form.</summary>
public sealed class RegisterTerminalInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(Terminal.NameMaxLength, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(@"^[^\p{C}]+$", ErrorMessage = "Activation.Certificate.TerminalNameInvalid")]
    [Display(Name = "Field.TerminalName")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Terminals.Kind")]
    public TerminalKind? Kind { get; set; }

    [StringLength(Terminal.LocationMaxLength, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(@"^[^\p{C}]*$", ErrorMessage = "Terminals.NoControlCharacters")]
    [Display(Name = "Terminals.Location")]
    public string? Location { get; set; }

    [StringLength(Terminal.PersonInChargeMaxLength, ErrorMessage = "Validation.TooLong")]
    [RegularExpression(@"^[^\p{C}]*$", ErrorMessage = "Terminals.NoControlCharacters")]
    [Display(Name = "Terminals.PersonInCharge")]
    public string? PersonInCharge { get; set; }
}

public abstract record RegisterTerminalOutcome
{
    private RegisterTerminalOutcome()
    {
    }

    public sealed record Registered(Guid TerminalId) : RegisterTerminalOutcome;

    /// <summary>A terminal in use already has that name (certificates name the terminal: names must tell them apart).</summary>
    public sealed record NameTaken : RegisterTerminalOutcome;
}

/// <summary>端末の登録: a terminal of the administrator's facility, without a certificate yet.</summary>
public sealed class RegisterTerminalHandler(MioKarteDbContext db, TimeProvider time, ILogger<RegisterTerminalHandler> logger) : IUseCaseHandler
{
    public async Task<RegisterTerminalOutcome> HandleAsync(Actor actor, RegisterTerminalInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.Facility;
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name.Trim();
        if (await db.Terminals.ForFacility(actor).AnyAsync(t => t.RetiredAtUtc == null && t.Name == name, cancellationToken))
        {
            return new RegisterTerminalOutcome.NameTaken();
        }

        var terminal = Terminal.Register(facilityId, name, input.Kind ?? TerminalKind.Pc, input.Location, input.PersonInCharge, actor.UserName, time.GetUtcNow().UtcDateTime);
        db.Terminals.Add(terminal);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Terminal {TerminalId} registered for facility {FacilityId}", terminal.Id, facilityId);
        return new RegisterTerminalOutcome.Registered(terminal.Id);
    }
}
