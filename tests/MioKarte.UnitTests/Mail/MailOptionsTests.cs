using MioKarte.Core.Mail;

namespace MioKarte.UnitTests.Mail;

public sealed class MailOptionsTests
{
    private readonly MailOptionsValidator validator = new();

    [Fact]
    public void The_pickup_folder_needs_no_SMTP_settings()
    {
        Assert.True(validator.Validate(null, new MailOptions()).Succeeded);
    }

    [Fact]
    public void SMTP_without_a_host_is_refused_with_the_key_named()
    {
        var result = validator.Validate(null, new MailOptions { Transport = MailTransportKind.Smtp });

        Assert.Contains("Mail:Smtp:Host", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp.example.jp", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    public void SMTP_without_TLS_is_allowed_only_on_loopback(string host, bool allowed)
    {
        var options = new MailOptions { Transport = MailTransportKind.Smtp, Smtp = { Host = host, Security = SmtpSecurity.None } };

        Assert.Equal(allowed, validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_user_name_without_a_password_is_refused()
    {
        var options = new MailOptions { Transport = MailTransportKind.Smtp, Smtp = { Host = "smtp.example.jp", UserName = "portal" } };

        Assert.True(validator.Validate(null, options).Failed);
    }

    [Theory]
    [InlineData(1, 30, 36)]
    [InlineData(2, 60, 72)]
    [InlineData(20, 3600, 4320)]
    public void Retries_back_off_exponentially_with_jitter_up_to_an_hour(int attempt, int minSeconds, int maxSeconds)
    {
        var delay = OutboxSender.Backoff(attempt);

        Assert.InRange(delay.TotalSeconds, minSeconds, maxSeconds);
    }
}
