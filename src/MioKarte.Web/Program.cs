using MioKarte.Web.Infrastructure;

// The portal host. Everything it is made of is in Infrastructure/PortalComposition.cs.
// `-- verify-access-log` checks the access log's hash chain instead of serving, and
// `-- add-council-staff …` creates a council account (the first ones of a new network), and
// `-- database info|script|migrate|backup|restore …` is the operator's database work (docs/operations.md).
var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
if (AccessLogCommand.IsRequested(args))
{
    return await AccessLogCommand.RunAsync(app.Services, Console.Out, Console.Error);
}

if (DatabaseCommand.IsRequested(args))
{
    // Before PrepareDatabaseAsync: these commands work on a database that is empty, behind or ahead.
    return await DatabaseCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
}

await app.PrepareDatabaseAsync();
if (AddCouncilStaffCommand.IsRequested(args))
{
    return await AddCouncilStaffCommand.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
}

app.UsePortal();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
