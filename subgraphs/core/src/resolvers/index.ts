import { DateScalar, DateTimeScalar } from '@webir/kit';
import { Agency, AgencyHeadTerm } from './agency.ts';
import { connectionResolvers } from './connection.ts';
import { Mutation } from './mutation.ts';
import { Person } from './person.ts';
import { Permission, Regime, ServiceItem, UnmaskedRead } from './permission.ts';
import { Query } from './query.ts';

// Thin resolvers: each field is a loader call or a store call; rules live in ../store.
export const resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Agency,
  AgencyHeadTerm,
  Person,
  Permission,
  Regime,
  ServiceItem,
  UnmaskedRead,
  AgencyConnection: connectionResolvers,
  PersonConnection: connectionResolvers,
  PermissionConnection: connectionResolvers,
  UnmaskedReadConnection: connectionResolvers,
};
