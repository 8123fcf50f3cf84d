using Microsoft.Extensions.DependencyInjection;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>Finding F2 on the portal: every body is bounded, and Kestrel refuses a larger one.</summary>
public sealed class RequestBodyLimitTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public void Kestrel_and_forms_are_bounded_by_default()
    {
        var kestrel = portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
        var form = portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Features.FormOptions>>().Value;

        Assert.Equal(RequestBodyLimits.DefaultMaxBytes, kestrel.Limits.MaxRequestBodySize);
        Assert.Equal(RequestBodyLimits.DefaultMaxBytes, form.MultipartBodyLengthLimit);
    }
}
