using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>The portal with a <see cref="RaceInterceptor"/> on every <see cref="MioKarteDbContext"/>.</summary>
public sealed class RacingPortal : PortalFactory
{
    public RacingPortal() => TestServices = services => services.ConfigureDbContext<MioKarteDbContext>(o => o.AddInterceptors(Race));

    public RaceInterceptor Race { get; } = new();
}

/// <summary>
/// Runs another actor's step just before the next SaveChanges (the next one <c>when</c> accepts),
/// after the request read what it changes but before it writes: the narrowest race.
/// </summary>
public sealed class RaceInterceptor : SaveChangesInterceptor
{
    private Armed? armed;

    /// <summary>Arms one step; it runs once, on the saving context, and is disarmed before it runs (its own saves pass).</summary>
    public void Arm(Func<DbContext, Task> step, Func<DbContext, bool>? when = null) =>
        Volatile.Write(ref armed, new Armed(step, when ?? (_ => true)));

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (Volatile.Read(ref armed) is { } race && race.When(eventData.Context!)
            && ReferenceEquals(Interlocked.CompareExchange(ref armed, null, race), race))
        {
            await race.Step(eventData.Context!);
        }

        return result;
    }

    private sealed class Armed(Func<DbContext, Task> step, Func<DbContext, bool> when)
    {
        public Func<DbContext, Task> Step { get; } = step;

        public Func<DbContext, bool> When { get; } = when;
    }
}
