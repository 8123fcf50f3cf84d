using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.UnitTests.Identity;

public sealed class AccountActivationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    [Fact]
    public void A_new_activation_stores_only_the_hash_of_its_token_and_is_pending()
    {
        var (activation, token) = Start();

        Assert.Equal(ActivationState.Pending, activation.StateAt(Now));
        Assert.Equal(LinkToken.Hash(token), activation.TokenHash);
        Assert.DoesNotContain(token, activation.TokenHash, StringComparison.Ordinal);
        Assert.True(token.Length >= 43, "256 random bits");
        Assert.Equal(Now + Lifetime, activation.ExpiresAtUtc);
        Assert.Equal(1, activation.SendCount);
    }

    [Fact]
    public void The_link_works_until_the_last_tick_before_its_expiry_and_not_at_it()
    {
        var (activation, _) = Start();

        Assert.Equal(ActivationState.Pending, activation.StateAt(Now + Lifetime - TimeSpan.FromTicks(1)));
        Assert.Equal(ActivationState.Expired, activation.StateAt(Now + Lifetime));
        Assert.Throws<WorkflowException>(() => activation.Use("V00001-01", Now + Lifetime));
        Assert.Null(activation.UsedAtUtc);
    }

    [Fact]
    public void A_link_is_used_once_and_refused_the_second_time()
    {
        var (activation, _) = Start();

        activation.Use("V00001-01", Now.AddHours(1));

        Assert.Equal(ActivationState.Used, activation.StateAt(Now.AddHours(2)));
        Assert.True(activation.AwaitsSecondFactor);
        Assert.Throws<WorkflowException>(() => activation.Use("V00001-01", Now.AddHours(2)));
        Assert.Equal(Now.AddHours(1), activation.UsedAtUtc);
    }

    [Fact]
    public void A_cancelled_link_cannot_be_used_or_cancelled_again()
    {
        var (activation, _) = Start();

        activation.Cancel("council-b", Now.AddHours(1));

        Assert.Equal(ActivationState.Cancelled, activation.StateAt(Now.AddHours(1)));
        Assert.Equal("council-b", activation.CancelledBy);
        Assert.Throws<WorkflowException>(() => activation.Use("V00001-01", Now.AddHours(2)));
        Assert.Throws<WorkflowException>(() => activation.Cancel("council-c", Now.AddHours(2)));
    }

    [Fact]
    public void Resending_replaces_the_token_so_the_old_link_no_longer_matches_and_the_new_one_gets_a_fresh_lifetime()
    {
        var (activation, oldToken) = Start();
        var resentAt = Now.AddHours(71);

        var newToken = activation.Resend("council-b", resentAt, Lifetime);

        Assert.NotEqual(oldToken, newToken);
        Assert.NotEqual(LinkToken.Hash(oldToken), activation.TokenHash);
        Assert.Equal(LinkToken.Hash(newToken), activation.TokenHash);
        Assert.Equal(resentAt + Lifetime, activation.ExpiresAtUtc);
        Assert.Equal(2, activation.SendCount);
        Assert.Equal(ActivationState.Pending, activation.StateAt(Now + Lifetime));
    }

    [Fact]
    public void An_expired_or_cancelled_link_can_be_resent_but_a_used_one_cannot()
    {
        var (expired, _) = Start();
        expired.Resend("council-b", Now + Lifetime + TimeSpan.FromDays(1), Lifetime);
        Assert.Equal(ActivationState.Pending, expired.StateAt(Now + Lifetime + TimeSpan.FromDays(1)));

        var (cancelled, _) = Start();
        cancelled.Cancel("council-b", Now);
        cancelled.Resend("council-b", Now.AddMinutes(5), Lifetime);
        Assert.Equal(ActivationState.Pending, cancelled.StateAt(Now.AddMinutes(5)));
        Assert.Null(cancelled.CancelledAtUtc);

        var (used, _) = Start();
        used.Use("V00001-01", Now);
        Assert.Throws<WorkflowException>(() => used.Resend("council-b", Now.AddMinutes(5), Lifetime));
        Assert.Throws<WorkflowException>(() => used.Cancel("council-b", Now.AddMinutes(5)));
    }

    [Fact]
    public void Every_move_changes_the_version_and_records_who_made_it()
    {
        var (activation, _) = Start();
        var versions = new HashSet<Guid> { activation.Version };

        activation.Resend("council-b", Now.AddHours(1), Lifetime);
        versions.Add(activation.Version);
        Assert.Equal("council-b", activation.ChangedBy);
        activation.Use("V00001-01", Now.AddHours(2));
        versions.Add(activation.Version);
        activation.RecordSecondFactor("V00001-01", Now.AddHours(2));
        versions.Add(activation.Version);
        activation.RecordCertificate("V00001-01", Now.AddHours(2));
        versions.Add(activation.Version);

        Assert.Equal(5, versions.Count);
        Assert.Equal("V00001-01", activation.ChangedBy);
        Assert.False(activation.AwaitsSecondFactor);
    }

    [Fact]
    public void The_second_factor_comes_after_the_password_and_the_certificate_after_the_second_factor_each_once()
    {
        var (activation, _) = Start();

        Assert.Throws<WorkflowException>(() => activation.RecordSecondFactor("V00001-01", Now));
        activation.Use("V00001-01", Now);
        Assert.Throws<WorkflowException>(() => activation.RecordCertificate("V00001-01", Now));
        activation.RecordSecondFactor("V00001-01", Now);
        Assert.Throws<WorkflowException>(() => activation.RecordSecondFactor("V00001-01", Now));
        activation.RecordCertificate("V00001-01", Now);
        Assert.Throws<WorkflowException>(() => activation.RecordCertificate("V00001-01", Now));
    }

    [Fact]
    public void A_reissue_after_use_makes_the_link_pending_again_with_a_new_token_and_keeps_the_second_factor()
    {
        var (activation, oldToken) = Start();
        activation.Use("V00001-02", Now.AddHours(1));
        activation.RecordSecondFactor("V00001-02", Now.AddHours(1));
        var version = activation.Version;

        var newToken = activation.Reissue("V00001-01", Now.AddDays(10), Lifetime);

        Assert.Equal(ActivationState.Pending, activation.StateAt(Now.AddDays(10)));
        Assert.Equal(LinkToken.Hash(newToken), activation.TokenHash);
        Assert.NotEqual(LinkToken.Hash(oldToken), activation.TokenHash);
        Assert.Equal((Now.AddDays(10) + Lifetime, 2, "V00001-01"), (activation.ExpiresAtUtc, activation.SendCount, activation.ChangedBy));
        Assert.NotEqual(version, activation.Version);
        Assert.NotNull(activation.TwoFactorEnabledAtUtc);
        Assert.False(activation.AwaitsSecondFactor);
    }

    [Fact]
    public void A_reissue_revives_a_cancelled_link()
    {
        var (activation, _) = Start();
        activation.Cancel("V00001-01", Now.AddHours(1));

        activation.Reissue("V00001-01", Now.AddHours(2), Lifetime);

        Assert.Equal(ActivationState.Pending, activation.StateAt(Now.AddHours(2)));
        Assert.Null(activation.CancelledAtUtc);
    }

    private static (AccountActivation Activation, string Token) Start() =>
        AccountActivation.Start("user-1", Guid.NewGuid(), Guid.NewGuid(), "council-b", Now, Lifetime);
}
