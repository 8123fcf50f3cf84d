using MioKarte.Web.Infrastructure;

// The portal host. Everything it is made of is in Infrastructure/PortalComposition.cs.
var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UsePortal();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the test projects.</summary>
public partial class Program;
