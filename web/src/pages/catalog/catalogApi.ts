import { api, type Query } from '../../api';
import type { ListResult } from '../../types';
import type {
  Classification,
  CollectionEntry,
  DataElement,
  DuplicateEntry,
  ExchangeEntry,
  ProposalInput,
  ResourceDetail,
  ResourceDiff,
  ResourceInput,
  SearchResult,
  TimelineEntry,
  WorkItem,
  WorkflowAction,
} from '../../catalogTypes';

/** Resource codes contain a '/' (classification code + '/' + sequence), so they travel as one encoded segment. */
const res = (code: string) => `/catalog/resources/${encodeURIComponent(code)}`;

/** Portal links keep the code readable: /catalog/resources/A01/000001 (the route takes the rest of the path). */
export const resourceLink = (code: string, version?: number) => `/catalog/resources/${code}${version ? `?version=${version}` : ''}`;
export const draftLink = (code?: string, version?: number) => (code ? `/catalog/mine/draft/${code}${version ? `?version=${version}` : ''}` : '/catalog/mine/draft');
export const reviewLink = (code: string, version: number) => `/catalog/review/${code}?version=${version}`;

export const catalogApi = {
  search: (query: Query) => api.get<SearchResult>('/catalog/resources', query),
  resource: (code: string, version?: number) => api.get<ResourceDetail>(res(code), { version }),
  timeline: (code: string) => api.get<TimelineEntry[]>(`${res(code)}/timeline`),
  diff: (code: string, from: number, to: number) => api.get<ResourceDiff>(`${res(code)}/diff`, { from, to }),
  mine: (query: Query = {}) => api.get<ListResult<WorkItem>>('/catalog/mine', query),
  reviewQueue: (query: Query = {}) => api.get<ListResult<WorkItem>>('/catalog/review-queue', query),
  create: (body: ResourceInput) => api.post<ResourceDetail>('/catalog/resources', body),
  saveDraft: (code: string, body: ResourceInput) => api.put<ResourceDetail>(`${res(code)}/draft`, body),
  act: (code: string, action: WorkflowAction, comment?: string) =>
    api.post<ResourceDetail>(`${res(code)}/actions/${action}`, comment ? { comment } : {}),
  propose: (body: ProposalInput) => api.post<ResourceDetail>('/catalog/proposals', body),
  classifications: () => api.get<ListResult<Classification>>('/catalog/classifications'),
  createClassification: (body: Partial<Classification>) => api.post<Classification>('/catalog/classifications', body),
  updateClassification: (id: string, body: Partial<Classification>) => api.patch<Classification>(`/catalog/classifications/${encodeURIComponent(id)}`, body),
  elements: (query: Query = {}) => api.get<ListResult<DataElement>>('/catalog/data-elements', query),
  createElement: (body: Partial<DataElement>) => api.post<DataElement>('/catalog/data-elements', body),
  updateElement: (code: string, body: Partial<DataElement>) => api.patch<DataElement>(`/catalog/data-elements/${encodeURIComponent(code)}`, body),
  duplicates: (query: Query = {}) => api.get<ListResult<DuplicateEntry>>('/catalog/duplicates', query),
  exchange: (query: Query = {}) => api.get<ListResult<ExchangeEntry>>('/catalog/exchange-catalog', query),
  collection: (query: Query = {}) => api.get<ListResult<CollectionEntry>>('/catalog/collection-catalog', query),
};
