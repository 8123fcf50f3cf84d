using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Opinions;

namespace MioKarte.Web.Areas.Council.Opinions;

/// <summary>What became of a council move on an opinion.</summary>
public abstract record OpinionMoveOutcome
{
    private OpinionMoveOutcome()
    {
    }

    public sealed record NotFound : OpinionMoveOutcome;

    public sealed record Invalid(FieldError Error) : OpinionMoveOutcome;

    /// <summary>Someone else moved the opinion after the page was shown; nothing was saved.</summary>
    public sealed record Conflict(string ChangedBy) : OpinionMoveOutcome;

    /// <summary>The opinion's status does not allow the move (e.g. closing one that is not answered).</summary>
    public sealed record NotAllowed : OpinionMoveOutcome;

    public sealed record Done : OpinionMoveOutcome;
}

/// <summary>
/// The shared steps of every council move on an opinion: load, check the version the page showed,
/// make the guarded move, save with the version as the concurrency token, and report who changed
/// it first when someone did.
/// </summary>
public static class OpinionMove
{
    public static async Task<OpinionMoveOutcome> RunAsync(MioKarteDbContext db, Guid id, Guid version, Func<Opinion, Task> move)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(move);
        var opinion = await db.Opinions.SingleOrDefaultAsync(o => o.Id == id);
        if (opinion is null)
        {
            return new OpinionMoveOutcome.NotFound();
        }

        if (opinion.Version != version)
        {
            return new OpinionMoveOutcome.Conflict(opinion.UpdatedBy);
        }

        try
        {
            await move(opinion);
        }
        catch (WorkflowException)
        {
            return new OpinionMoveOutcome.NotAllowed();
        }

        return await db.TrySaveAtVersionAsync(opinion, version)
            ? new OpinionMoveOutcome.Done()
            : new OpinionMoveOutcome.Conflict(
                await db.Opinions.Where(o => o.Id == id).Select(o => o.UpdatedBy).SingleOrDefaultAsync() ?? "");
    }
}

/// <summary>対応中にする: the council has started on the opinion.</summary>
public sealed class StartOpinionHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public Task<OpinionMoveOutcome> HandleAsync(Guid id, Guid version, Actor actor) =>
        OpinionMove.RunAsync(db, id, version, o =>
        {
            o.StartHandling(actor.ShownName, time.GetUtcNow().UtcDateTime);
            return Task.CompletedTask;
        });
}

/// <summary>完了にする: closes an answered opinion.</summary>
public sealed class CloseOpinionHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public Task<OpinionMoveOutcome> HandleAsync(Guid id, Guid version, Actor actor) =>
        OpinionMove.RunAsync(db, id, version, o =>
        {
            o.Close(actor.ShownName, time.GetUtcNow().UtcDateTime);
            return Task.CompletedTask;
        });
}
