using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class NetworkCa : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CertificateRevocationLists",
                columns: table => new
                {
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    ThisUpdateUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NextUpdateUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RevokedCount = table.Column<int>(type: "int", nullable: false),
                    EntryCount = table.Column<int>(type: "int", nullable: false),
                    IssuerThumbprint = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Der = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateRevocationLists", x => x.Number);
                });

            migrationBuilder.CreateTable(
                name: "TerminalCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FacilityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FacilityCode = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: false),
                    TerminalName = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SerialNumber = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Thumbprint = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    KeyAlgorithm = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    NotBeforeUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    NotAfterUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    IssuedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    RevokedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    RevocationReason = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TerminalCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TerminalCertificates_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_FacilityCode_IssuedAtUtc",
                table: "TerminalCertificates",
                columns: new[] { "FacilityCode", "IssuedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_FacilityId_IssuedAtUtc",
                table: "TerminalCertificates",
                columns: new[] { "FacilityId", "IssuedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_RevokedAtUtc",
                table: "TerminalCertificates",
                column: "RevokedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_SerialNumber",
                table: "TerminalCertificates",
                column: "SerialNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TerminalCertificates_Thumbprint",
                table: "TerminalCertificates",
                column: "Thumbprint",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificateRevocationLists");

            migrationBuilder.DropTable(
                name: "TerminalCertificates");
        }
    }
}
