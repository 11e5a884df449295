"""Top-level property names each entity accepts, generated from Intuit's Finance.xsd.

Generated once from conformance/qbo/xsd/Finance.xsd (elements of the entity's complexType,
inherited ones included, plus the ``domain``/``status``/``sparse`` attributes); a test checks
that it still matches the XSD. A request property outside this set is rejected with 2010, as
QBO's JSON binder does (conformance/qbo/cassettes/error/400_json.yml).
"""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


KNOWN_FIELDS: dict[str, frozenset[str]] = {
    "Customer": _names(
        "Id SyncToken MetaData CustomField AttachableRef IntuitId Organization Title GivenName "
        "MiddleName FamilyName Suffix FullyQualifiedName CompanyName DisplayName PrintOnCheckName "
        "UserId Active V4IDPseudonym PrimaryPhone AlternatePhone Mobile Fax PrimaryEmailAddr "
        "WebAddr OtherContactInfo DefaultTaxCodeRef Taxable BillAddr ShipAddr OtherAddr "
        "ContactName AltContactName Notes Job BillWithParent RootCustomerRef ParentRef Level "
        "CustomerTypeRef SalesTermRef SalesRepRef TaxGroupCodeRef TaxRateRef PaymentMethodRef "
        "CCDetail PriceLevelRef Balance OpenBalanceDate BalanceWithJobs CreditLimit AcctNum "
        "CurrencyRef OverDueBalance TotalRevenue TotalExpense PreferredDeliveryMethod ResaleNum "
        "JobInfo TDSEnabled CustomerEx SecondaryTaxIdentifier ARAccountRef PrimaryTaxIdentifier "
        "TaxExemptionReasonId IsProject BusinessNumber GSTIN GSTRegistrationType IsCISContractor "
        "ClientCompanyId ClientEntityId Source TaxRegime domain status sparse "
    ),
    "Vendor": _names(
        "Id SyncToken MetaData CustomField AttachableRef IntuitId Organization Title GivenName "
        "MiddleName FamilyName Suffix FullyQualifiedName CompanyName DisplayName PrintOnCheckName "
        "UserId Active V4IDPseudonym PrimaryPhone AlternatePhone Mobile Fax PrimaryEmailAddr "
        "WebAddr OtherContactInfo DefaultTaxCodeRef ContactName AltContactName Notes BillAddr "
        "ShipAddr OtherAddr TaxCountry TaxIdentifier TaxIdEffectiveDate BusinessNumber ParentRef "
        "VendorTypeRef TermRef PrefillAccountRef Balance BillRate OpenBalanceDate CreditLimit "
        "AcctNum Vendor1099 T4AEligible T5018Eligible CurrencyRef TDSEnabled TDSEntityTypeId "
        "TDSSectionTypeId TDSOverrideThreshold TaxReportingBasis APAccountRef VendorEx GSTIN "
        "GSTRegistrationType IsSubContractor SubcontractorType CISRate HasTPAR "
        "VendorPaymentBankDetail Source CostRate AgencyVerificationStatus "
        "AgencyVerificationStatusMsg AgencyVerificationTSUTC CompanyRegistrationNumber domain "
        "status sparse "
    ),
    "Employee": _names(
        "Id SyncToken MetaData CustomField AttachableRef IntuitId Organization Title GivenName "
        "MiddleName FamilyName Suffix FullyQualifiedName CompanyName DisplayName PrintOnCheckName "
        "UserId Active V4IDPseudonym PrimaryPhone AlternatePhone Mobile Fax PrimaryEmailAddr "
        "WebAddr OtherContactInfo DefaultTaxCodeRef EmployeeType EmployeeNumber SSN PrimaryAddr "
        "OtherAddr BillableTime BillRate BirthDate Gender HiredDate ReleasedDate UseTimeEntry "
        "EmployeeEx CostRate Notes domain status sparse "
    ),
    "Item": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name Sku Description Active SubItem "
        "ParentRef Level FullyQualifiedName Taxable SalesTaxIncluded PercentBased UnitPrice "
        "RatePercent Type PaymentMethodRef UOMSetRef IncomeAccountRef PurchaseDesc "
        "PurchaseTaxIncluded PurchaseCost ExpenseAccountRef COGSAccountRef AssetAccountRef "
        "PrefVendorRef AvgCost TrackQtyOnHand QtyOnHand QtyOnPurchaseOrder QtyOnSalesOrder "
        "ReorderPoint ManPartNum DepositToAccountRef SalesTaxCodeRef PurchaseTaxCodeRef "
        "InvStartDate BuildPoint PrintGroupedItems SpecialItem SpecialItemType ItemGroupDetail "
        "ItemAssemblyDetail AbatementRate ReverseChargeRate ServiceType ItemCategoryType ItemEx "
        "TaxClassificationRef UQCDisplayText UQCId ClassRef Source DeferredRevenue "
        "CustomExtensions domain status sparse "
    ),
    "Account": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name SubAccount ParentRef Description "
        "FullyQualifiedName AccountAlias TxnLocationType Active Classification AccountType "
        "AccountSubType AccountPurposes AcctNum AcctNumExtn BankNum OpeningBalance "
        "OpeningBalanceDate CurrentBalance CurrentBalanceWithSubAccounts CurrencyRef TaxAccount "
        "TaxCodeRef OnlineBankingEnabled FIName JournalCodeRef AccountEx domain status sparse "
    ),
    "Invoice": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount AutoDocNumber "
        "CustomerRef CustomerMemo BillAddr ShipAddr FreeFormAddress ShipFromAddr RemitToRef "
        "ClassRef SalesTermRef DueDate SalesRepRef PONumber FOB ShipMethodRef ShipDate "
        "TrackingNum GlobalTaxCalculation TotalAmt HomeTotalAmt ApplyTaxAfterDiscount "
        "ShippingTaxIncludedInTotalTax TemplateRef PrintStatus EmailStatus BillEmail BillEmailCc "
        "BillEmailBcc ARAccountRef Balance HomeBalance FinanceCharge PaymentMethodRef "
        "PaymentRefNum PaymentType CheckPayment CreditCardPayment DepositToAccountRef "
        "DeliveryInfo DiscountRate DiscountAmt GovtTxnRefIdentifier TaxExemptionRef Deposit "
        "AllowIPNPayment AllowOnlinePayment AllowOnlineCreditCardPayment AllowOnlineACHPayment "
        "AllowOnlinePayPalPayment AllowOnlineAffirmPayment EInvoiceStatus ECloudStatusTimeStamp "
        "CfdiUse Exportation GlobalInfo invoiceStatus callToAction invoiceStatusLog InvoiceEx "
        "LessCIS InvoiceLink PaymentDetailsMessage ConvenienceFeeDetail EnabledSurchargeInfo "
        "InvoiceLinkSecurityCode InvoiceLinkExpiryDate AutoPayEligible SchedulePayEligible "
        "ScheduledPaymentId GratuityEnabled FinancingProductType SubscriptionPaymentsSetting "
        "TxnRetainageDetail domain status sparse "
    ),
    "Payment": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount CustomerRef "
        "RemitToRef ARAccountRef DepositToAccountRef PaymentMethodRef PaymentRefNum PaymentType "
        "CheckPayment CreditCardPayment TotalAmt UnappliedAmt ProcessPayment PaymentExtendedType "
        "PaymentEx domain status sparse "
    ),
    "CreditMemo": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount AutoDocNumber "
        "CustomerRef CustomerMemo BillAddr ShipAddr FreeFormAddress ShipFromAddr RemitToRef "
        "ClassRef SalesTermRef DueDate SalesRepRef PONumber FOB ShipMethodRef ShipDate "
        "TrackingNum GlobalTaxCalculation TotalAmt HomeTotalAmt ApplyTaxAfterDiscount "
        "ShippingTaxIncludedInTotalTax TemplateRef PrintStatus EmailStatus BillEmail BillEmailCc "
        "BillEmailBcc ARAccountRef Balance HomeBalance FinanceCharge PaymentMethodRef "
        "PaymentRefNum PaymentType CheckPayment CreditCardPayment DepositToAccountRef "
        "DeliveryInfo DiscountRate DiscountAmt GovtTxnRefIdentifier TaxExemptionRef "
        "RemainingCredit InvoiceRef CreditMemoEx domain status sparse "
    ),
    "Estimate": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount AutoDocNumber "
        "CustomerRef CustomerMemo BillAddr ShipAddr FreeFormAddress ShipFromAddr RemitToRef "
        "ClassRef SalesTermRef DueDate SalesRepRef PONumber FOB ShipMethodRef ShipDate "
        "TrackingNum GlobalTaxCalculation TotalAmt HomeTotalAmt ApplyTaxAfterDiscount "
        "ShippingTaxIncludedInTotalTax TemplateRef PrintStatus EmailStatus BillEmail BillEmailCc "
        "BillEmailBcc ARAccountRef Balance HomeBalance FinanceCharge PaymentMethodRef "
        "PaymentRefNum PaymentType CheckPayment CreditCardPayment DepositToAccountRef "
        "DeliveryInfo DiscountRate DiscountAmt GovtTxnRefIdentifier TaxExemptionRef "
        "ExpirationDate AcceptedBy AcceptedDate EstimateEx domain status sparse "
    ),
    "JournalEntry": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount Adjustment "
        "HomeCurrencyAdjustment EnteredInHomeCurrency GlobalTaxCalculation TotalAmt HomeTotalAmt "
        "JournalEntryEx domain status sparse "
    ),
    "Deposit": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount "
        "DepositToAccountRef CashBack GlobalTaxCalculation TotalAmt HomeTotalAmt DepositEx domain "
        "status sparse "
    ),
    "Transfer": _names(
        "Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate TxnSubType "
        "DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line TxnTaxDetail "
        "TxnSource TaxFormType TaxFormNum TransactionLocationType Tag TxnApprovalInfo "
        "RecurDataRef RecurringInfo ProjectRef TotalCostAmount HomeTotalCostAmount FromAccountRef "
        "ToAccountRef Amount ClassRef TransferEx domain status sparse "
    ),
    "PaymentMethod": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name Active Type PaymentMethodEx "
        "domain status sparse "
    ),
    "Term": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name Active Type DiscountPercent "
        "DueDays DiscountDays DayOfMonthDue DueNextMonthDays DiscountDayOfMonth SalesTermEx "
        "domain status sparse "
    ),
    "Class": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name SubClass ParentRef "
        "FullyQualifiedName Active ClassEx domain status sparse "
    ),
    "Department": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name SubDepartment ParentRef "
        "FullyQualifiedName Active DepartmentEx Address domain status sparse "
    ),
    "CompanyCurrency": _names(
        "Id SyncToken MetaData CustomField AttachableRef Code Name Active CompanyCurrencyEx "
        "domain status sparse "
    ),
    "TaxCode": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name Description Active Hidden "
        "Taxable TaxGroup SalesTaxRateList PurchaseTaxRateList AdjustmentTaxRateList TaxCodeEx "
        "TaxCodeConfigType domain status sparse "
    ),
    "TaxRate": _names(
        "Id SyncToken MetaData CustomField AttachableRef Name Description Active RateValue "
        "AgencyRef TaxReturnLineRef EffectiveTaxRate SpecialTaxType DisplayType TaxRateEx "
        "OriginalTaxRate domain status sparse "
    ),
    "TaxAgency": _names(
        "Id SyncToken MetaData CustomField AttachableRef IntuitId Organization Title GivenName "
        "MiddleName FamilyName Suffix FullyQualifiedName CompanyName DisplayName "
        "PrintOnCheckName UserId Active V4IDPseudonym PrimaryPhone AlternatePhone Mobile Fax "
        "PrimaryEmailAddr WebAddr OtherContactInfo DefaultTaxCodeRef ContactName "
        "AltContactName Notes BillAddr ShipAddr OtherAddr TaxCountry TaxIdentifier "
        "TaxIdEffectiveDate BusinessNumber ParentRef VendorTypeRef TermRef PrefillAccountRef "
        "Balance BillRate OpenBalanceDate CreditLimit AcctNum Vendor1099 T4AEligible "
        "T5018Eligible CurrencyRef TDSEnabled TDSEntityTypeId TDSSectionTypeId "
        "TDSOverrideThreshold TaxReportingBasis APAccountRef VendorEx GSTIN "
        "GSTRegistrationType IsSubContractor SubcontractorType CISRate HasTPAR "
        "VendorPaymentBankDetail Source CostRate AgencyVerificationStatus "
        "AgencyVerificationStatusMsg AgencyVerificationTSUTC CompanyRegistrationNumber "
        "SalesTaxCodeRef SalesTaxCountry SalesTaxReturnRef TaxRegistrationNumber "
        "ReportingPeriod TaxTrackedOnPurchases TaxOnPurchasesAccountRef TaxTrackedOnSales "
        "TaxTrackedOnSalesAccountRef TaxOnTax LastFileDate TaxAgencyExt TaxAgencyConfig domain "
        "status sparse "
    ),
    "Preferences": _names(
        "Id SyncToken MetaData CustomField AttachableRef AccountingInfoPrefs "
        "AdvancedInventoryPrefs ProductAndServicesPrefs SalesFormsPrefs EmailMessagesPrefs "
        "PrintDocumentPrefs VendorAndPurchasesPrefs TimeTrackingPrefs TaxPrefs "
        "FinanceChargesPrefs CurrencyPrefs ReportPrefs OtherPrefs domain status sparse "
    ),
    "CompanyInfo": _names(
        "Id SyncToken MetaData CustomField AttachableRef CompanyName LegalName CompanyAddr "
        "CustomerCommunicationAddr LegalAddr CompanyEmailAddr CustomerCommunicationEmailAddr "
        "CompanyURL PrimaryPhone OtherContactInfo CompanyFileName FlavorStratum SampleFile "
        "CompanyUserId CompanyUserAdminEmail CompanyStartDate EmployerId FiscalYearStartMonth "
        "TaxYearStartMonth QBVersion Country ShipAddr OtherAddr Mobile Fax Email WebAddr "
        "LastImportedTime LastSyncTime SupportedLanguages DefaultTimeZone MultiByteCharsSupported "
        "NameValue FifoCalculationStatus CompanyInfoEx domain status sparse "
    ),
    "Bill": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount VendorRef APAccountRef TotalAmt BillEmail ReplyEmail Memo "
        "GlobalTaxCalculation PayerRef SalesTermRef DueDate RemitToAddr ShipAddr VendorAddr "
        "Balance HomeBalance BillEx LessCIS IncludeInAnnualTPAR "
    ),
    "BillPayment": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount VendorRef VendorAddr APAccountRef PayType CheckPayment "
        "CreditCardPayment TotalAmt BillPaymentEx "
    ),
    "SalesReceipt": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount AutoDocNumber CustomerRef CustomerMemo BillAddr ShipAddr "
        "FreeFormAddress ShipFromAddr RemitToRef ClassRef SalesTermRef DueDate SalesRepRef "
        "PONumber FOB ShipMethodRef ShipDate TrackingNum GlobalTaxCalculation TotalAmt "
        "HomeTotalAmt ApplyTaxAfterDiscount ShippingTaxIncludedInTotalTax TemplateRef PrintStatus "
        "EmailStatus BillEmail BillEmailCc BillEmailBcc ARAccountRef Balance HomeBalance "
        "FinanceCharge PaymentMethodRef PaymentRefNum PaymentType CheckPayment CreditCardPayment "
        "DepositToAccountRef DeliveryInfo DiscountRate DiscountAmt GovtTxnRefIdentifier "
        "TaxExemptionRef SalesReceiptEx LessCIS "
    ),
    "RefundReceipt": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount AutoDocNumber CustomerRef CustomerMemo BillAddr ShipAddr "
        "FreeFormAddress ShipFromAddr RemitToRef ClassRef SalesTermRef DueDate SalesRepRef "
        "PONumber FOB ShipMethodRef ShipDate TrackingNum GlobalTaxCalculation TotalAmt "
        "HomeTotalAmt ApplyTaxAfterDiscount ShippingTaxIncludedInTotalTax TemplateRef PrintStatus "
        "EmailStatus BillEmail BillEmailCc BillEmailBcc ARAccountRef Balance HomeBalance "
        "FinanceCharge PaymentMethodRef PaymentRefNum PaymentType CheckPayment CreditCardPayment "
        "DepositToAccountRef DeliveryInfo DiscountRate DiscountAmt GovtTxnRefIdentifier "
        "TaxExemptionRef RemainingCredit RefundReceiptEx "
    ),
    "Purchase": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount AccountRef PaymentMethodRef PaymentRefNum PaymentType CheckPayment "
        "CreditCardPayment EntityRef Credit RemitToAddr TotalAmt TxnId TxnNum Memo PrintStatus "
        "GlobalTaxCalculation PurchaseEx LessCIS IncludeInAnnualTPAR "
    ),
    "PurchaseOrder": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount VendorRef APAccountRef TotalAmt BillEmail ReplyEmail Memo "
        "GlobalTaxCalculation TaxCodeRef ClassRef ReimbursableInfoRef SalesTermRef DueDate "
        "ExpectedDate VendorAddr ShipTo DropShipToEntity InventorySiteRef ShipAddr ShipMethodRef "
        "FOB POEmail TemplateRef PrintStatus EmailStatus ManuallyClosed POStatus PurchaseOrderEx "
    ),
    "CreditCardPayment": _names(  # the XSD type is CreditCardPaymentTxn
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef DocNumber TxnDate "
        "TxnSubType DepartmentRef CurrencyRef ExchangeRate PrivateNote TxnStatus LinkedTxn Line "
        "TxnTaxDetail TxnSource TaxFormType TaxFormNum TransactionLocationType Tag "
        "TxnApprovalInfo RecurDataRef RecurringInfo ProjectRef TotalCostAmount "
        "HomeTotalCostAmount CreditCardAccountRef BankAccountRef Amount VendorRef CheckNum "
        "PrintStatus Memo CreditCardPaymentEx "
    ),
    "TimeActivity": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef TimeZone TxnDate "
        "NameOf EmployeeRef VendorRef OtherNameRef CustomerRef DepartmentRef ItemRef ClassRef "
        "PayrollItemRef ProjectRef TimeChargeId BillableStatus Taxable HourlyRate CostRate Hours "
        "Minutes Seconds BreakHours BreakMinutes BreakSeconds StartTime EndTime Description "
        "TimeActivityEx HoursInEmployeeTimeZone "
    ),
    "Attachable": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef FileName "
        "FileAccessUri TempDownloadUri Size ContentType Category Lat Long PlaceName Note Tag "
        "ThumbnailFileAccessUri ThumbnailTempDownloadUri AttachableEx documentId "
    ),
    "ExchangeRate": _names(
        "domain status sparse Id SyncToken MetaData CustomField AttachableRef SourceCurrencyCode "
        "TargetCurrencyCode Rate AsOfDate ExchangeRateEx "
    ),
}
