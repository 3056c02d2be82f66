// Module ExchangeWebServices: work in progress.
