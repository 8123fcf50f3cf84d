using Microsoft.EntityFrameworkCore;

namespace MioKarte.Core.Data;

/// <summary>
/// One database connection for a request instead of one per query, on SQLite only.
/// </summary>
/// <remarks>
/// EF Core opens and closes the connection around every query it runs. On SQLite each open of a
/// pooled connection is not cheap: Microsoft.Data.Sqlite runs the foreign-keys pragma again and EF
/// Core registers its SQL functions and collation on the native connection again. A signed-in record
/// page ran five queries, so it paid that five times — measured as a tenth of the page's CPU
/// (docs/performance.md, #18 item 7). Held open, the connection is given back when the request's
/// pooled DbContext is returned (EF Core closes it on reset; <c>RequestConnectionTests</c>).
/// Holding it costs SQLite nothing: outside a transaction an open connection holds no lock.
/// PostgreSQL and SQL Server keep EF Core's open-per-query: their pools open cheaply, and a
/// connection held through the page's rendering would count against the server's connection limit.
/// </remarks>
public static class RequestConnection
{
    /// <summary>Keeps <paramref name="db"/>'s connection open until the context is disposed or returned to its pool (SQLite).</summary>
    public static Task HoldForRequestAsync(this MioKarteDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsSqlite() ? db.Database.OpenConnectionAsync(cancellationToken) : Task.CompletedTask;
    }
}
