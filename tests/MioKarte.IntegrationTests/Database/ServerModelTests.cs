using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.Database;

/// <summary>
/// What SQL Server would refuse, checked without a SQL Server (none runs on these machines): the
/// idempotent deployment script parses as T-SQL, and the model avoids constructs that SQL Server or
/// PostgreSQL reject at CREATE time. docs/operations.md says what this does and does not prove.
/// </summary>
public sealed class ServerModelTests
{
    [Fact]
    public void The_SQL_Server_idempotent_script_parses_as_T_SQL_without_an_error()
    {
        using var db = MigrationsTests.Context(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        // QUOTED_IDENTIFIER ON, as sqlcmd and SSMS connect (and as filtered indexes require).
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}: {e.Message}")));
        var batches = ((TSqlScript)fragment).Batches;
        // The whole schema is in it: every table of the model (the trigger: AppendOnlyScriptTests).
        var created = batches.SelectMany(b => b.Statements).OfType<IfStatement>()
            .SelectMany(s => s.ThenStatement is BeginEndBlockStatement block ? block.StatementList.Statements.Cast<TSqlStatement>() : [s.ThenStatement])
            .OfType<CreateTableStatement>().Select(c => c.SchemaObjectName.BaseIdentifier.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(DesignModel(DatabaseProvider.SqlServer).GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(), t => Assert.Contains(t, created));
        // Every CREATE TABLE is guarded by the history check, so the script can run again.
        Assert.All(
            batches.SelectMany(b => b.Statements).Where(s => s is not IfStatement and not BeginTransactionStatement and not CommitTransactionStatement
                && s is not PredicateSetStatement),
            s => Assert.Fail($"An unguarded statement at line {s.StartLine}: {s.GetType().Name}"));
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void No_table_is_reached_by_two_cascade_paths(DatabaseProvider provider)
    {
        // SQL Server refuses a foreign key whose cascading delete (or SET NULL) reaches a table that
        // another cascade path, or a cycle, already reaches ("may cause cycles or multiple cascade paths").
        var model = DesignModel(provider);
        var cascades = model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            // Only constraints the database has: an owned type in its owner's table has no foreign key there.
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull && fk.GetMappedConstraints().Any())
            .Select(fk => (From: fk.PrincipalEntityType.GetTableName()!, To: fk.DeclaringEntityType.GetTableName()!, Name: fk.GetConstraintName()!))
            .Where(edge => edge.From is not null && edge.To is not null)
            .ToList();
        Assert.NotEmpty(cascades);

        var problems = new List<string>();
        foreach (var start in cascades.Select(c => c.From).Distinct(StringComparer.Ordinal))
        {
            var paths = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            Walk(start, [start]);

            void Walk(string table, List<string> path)
            {
                foreach (var edge in cascades.Where(c => c.From == table))
                {
                    var next = new List<string>(path) { $"{edge.Name} → {edge.To}" };
                    if (edge.To == start || path.Contains(edge.To))
                    {
                        problems.Add("cycle: " + string.Join(" ", next));
                        continue;
                    }

                    if (paths.TryGetValue(edge.To, out var earlier))
                    {
                        problems.Add($"two paths from {start} to {edge.To}: {string.Join(" ", earlier)} | {string.Join(" ", next)}");
                        continue;
                    }

                    paths[edge.To] = next;
                    Walk(edge.To, next);
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, 128)]
    [InlineData(DatabaseProvider.PostgreSql, 63)]
    public void Every_name_fits_the_servers_identifier_limit_and_no_two_collide(DatabaseProvider provider, int limit)
    {
        // PostgreSQL would cut identifiers past 63 bytes without an error (the Npgsql model shortens
        // them itself), so two long index or constraint names could become one; SQL Server allows 128.
        var model = DesignModel(provider);
        var tables = model.GetRelationalModel().Tables.ToList();
        var names = tables.Select(t => t.Name)
            .Concat(tables.SelectMany(t => t.Columns.Select(c => c.Name)))
            .Concat(tables.SelectMany(t => t.Indexes.Select(i => i.Name)))
            .Concat(tables.SelectMany(t => t.UniqueConstraints.Select(k => k.Name)))
            .Concat(tables.SelectMany(t => t.ForeignKeyConstraints.Select(fk => fk.Name)))
            .ToList();

        Assert.DoesNotContain(names, n => System.Text.Encoding.UTF8.GetByteCount(n) > limit);
        // Index and constraint names share one namespace per schema on PostgreSQL.
        var schemaWide = tables.SelectMany(t => t.Indexes.Select(i => i.Name).Concat(t.UniqueConstraints.Select(k => k.Name))).ToList();
        Assert.Equal(schemaWide.Count, schemaWide.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Every_enum_stored_as_text_fits_its_column(DatabaseProvider provider)
    {
        // SQLite never enforces a length; the servers refuse the row. A [Flags] enum is stored as its
        // names joined by ", ", so its longest text is every name at once.
        var model = DesignModel(provider);
        var tooShort = new List<string>();
        foreach (var property in model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!type.IsEnum || property.GetProviderClrType() != typeof(string))
            {
                continue;
            }

            var names = Enum.GetNames(type);
            var longest = type.IsDefined(typeof(FlagsAttribute), inherit: false)
                ? string.Join(", ", names.Where(n => Convert.ToInt64(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture) != 0)).Length
                : names.Max(n => n.Length);
            if (property.GetMaxLength() is { } max && max < longest)
            {
                tooShort.Add($"{property.DeclaringType.DisplayName()}.{property.Name}: {max} < {longest}");
            }
        }

        Assert.Empty(tooShort);
    }

    [Fact]
    public void Every_SQL_Server_index_key_fits_in_1700_bytes()
    {
        // SQL Server cannot index nvarchar(max) at all and warns past 1,700 bytes of key (an insert
        // past it fails at run time): every indexed string needs a maximum length. Identity's own
        // tables are left out: their composite keys of two nvarchar(450) are Identity's schema on
        // SQL Server everywhere, and the values (provider names, role and user ids) are short.
        var model = DesignModel(DatabaseProvider.SqlServer);
        var tooLong = new List<string>();
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is { } table && !table.StartsWith("AspNet", StringComparison.Ordinal)))
        {
            var keys = entity.GetIndexes().Select(i => (i.GetDatabaseName(), i.Properties))
                .Concat(entity.GetKeys().Select(k => (k.GetName(), k.Properties)))
                .Concat(entity.GetForeignKeys().Select(fk => (fk.GetConstraintName(), fk.Properties)));
            foreach (var (name, properties) in keys)
            {
                var bytes = properties.Sum(p => KeyBytes(p.GetColumnType()));
                if (bytes > 1700)
                {
                    tooLong.Add($"{entity.GetTableName()}.{name}: {bytes} bytes ({string.Join(", ", properties.Select(p => p.GetColumnType()))})");
                }
            }
        }

        Assert.Empty(tooLong);
    }

    private static int KeyBytes(string columnType)
    {
        var type = columnType.ToUpperInvariant();
        if (type.Contains("(MAX)", StringComparison.Ordinal))
        {
            return int.MaxValue / 64;
        }

        var open = type.IndexOf('(', StringComparison.Ordinal);
        var length = open < 0 ? 0 : int.Parse(type[(open + 1)..type.IndexOf(')', StringComparison.Ordinal)].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        return type switch
        {
            _ when type.StartsWith("NVARCHAR", StringComparison.Ordinal) || type.StartsWith("NCHAR", StringComparison.Ordinal) => 2 * length,
            _ when type.StartsWith("VARCHAR", StringComparison.Ordinal) || type.StartsWith("VARBINARY", StringComparison.Ordinal) => length,
            _ => 16,
        };
    }

    /// <summary>The model with its relational design-time facets (column types, constraint names) for <paramref name="provider"/>.</summary>
    private static IModel DesignModel(DatabaseProvider provider)
    {
        using var db = MigrationsTests.Context(provider);
        return db.GetService<IDesignTimeModel>().Model;
    }
}
